/** `wxtpl --help`. */
export const USAGE = `wxtpl — WeChat mini-program template messages from the command line

Usage:
  wxtpl token                                   print a valid access_token
  wxtpl library list [--all] [--offset N] [--count N]
                                                titles of WeChat's template library
  wxtpl library get ID                          keywords of a library title (e.g. AT0002)
  wxtpl templates add ID KEYWORD_IDS            add a template to the account (KEYWORD_IDS: 3,4,5)
  wxtpl templates list [--all] [--offset N] [--count N]
                                                the account's templates
  wxtpl templates delete TEMPLATE_ID            delete one of the account's templates
  wxtpl send --to OPENID --template ID --form-id ID --data JSON [--page P] [--emphasis NAME]
                                                send one template message
  wxtpl lint FILE.json                          check a template proposal against the review rules
  wxtpl codegen --out FILE.ts [--import-from MODULE]
                                                write defineTemplate() definitions of the account's templates

Credentials (flags win over the environment):
  --appid ID        or WXTPL_APPID
  --secret SECRET   or WXTPL_SECRET   (prefer the variable: flags show up in process lists)
  --base-url URL    or WXTPL_BASE_URL (default https://api.weixin.qq.com)

Options:
  --json            machine-readable output on stdout
  --timeout MS      timeout of each request (default 10000)
  -h, --help        this help

--data takes {"keyword1": "text", "keyword2": {"value": "text", "color": "#173177"}}.
--emphasis takes a slot: keyword1 (or keyword1.DATA).
Exit status: 0 on success, 1 when WeChat refuses or cannot be reached (or lint finds errors), 2 on bad usage.
`;

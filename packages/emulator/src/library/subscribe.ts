/**
 * The public library of subscribe templates (公共模板库): categories, titles of both kinds
 * (2 one-time, 3 long-term, the latter in public-service categories) and their keywords, whose
 * `rule` is the keyword kind. Together the keywords cover every kind; every example satisfies
 * its kind's rule. Title 99 is the reference document's example tid; title 1006 is banned by WeChat (addtemplate answers 200013).
 */
import type {
  KeywordKind,
  PubTemplateKeyword,
  PubTemplateTitle,
  SubscribeCategory,
  SubscribeTemplateType,
} from '@wxtpl/shared-types';

/** A keyword of a public title; `enumValues` for `enum` keywords. */
export interface SubscribeLibraryKeyword extends PubTemplateKeyword {
  enumValues?: string[];
}

/** A public title with its keywords. */
export interface SubscribeLibraryTitle extends PubTemplateTitle {
  keywords: SubscribeLibraryKeyword[];
  /** Banned by WeChat: it cannot be added to an account. */
  banned: boolean;
}

export const SUBSCRIBE_CATEGORIES: readonly SubscribeCategory[] = [
  { id: 2, name: '电商平台' },
  { id: 616, name: '餐饮服务' },
  { id: 617, name: '快递物流' },
  { id: 640, name: '政务民生' },
  { id: 650, name: '医疗服务' },
  { id: 660, name: '交通出行' },
  { id: 670, name: '教育服务' },
];

// [tid, categoryId, type, title, keywords]: keywords as `名称 rule=example`, joined by `|`;
// an enum keyword lists its values after the example: `状态 enum=已发货 [已发货,运输中]`.
const SOURCE: readonly [number, number, SubscribeTemplateType, string, string][] = [
  [
    99,
    2,
    2,
    '订单支付成功通知',
    '商品名称 thing=拿铁咖啡（大杯）|支付金额 amount=¥36.00元|支付时间 time=2019年10月1日 15:01|订单编号 character_string=201910010001|商品数量 number=2|支付方式 phrase=微信支付',
  ],
  [
    1002,
    2,
    2,
    '订单发货提醒',
    '订单编号 character_string=201910010001|物流状态 enum=已发货 [已发货,运输中,派送中,已签收]|快递公司 thing=顺丰速运|快递单号 character_string=SF1234567890123|发货时间 time=2019-10-02 09:30|收货人 name=张三',
  ],
  [
    1003,
    2,
    2,
    '退款成功通知',
    '退款金额 amount=¥36.00|退款原因 thing=商品缺货|到账日期 date=2019年10月3日|订单编号 character_string=201910010001|商品名称 thing=拿铁咖啡',
  ],
  [
    1004,
    2,
    2,
    '待付款提醒',
    '商品名称 thing=无线降噪耳机|待付金额 amount=￥899|付款截止 time=15:30|订单编号 character_string=201910010002',
  ],
  [
    1005,
    2,
    2,
    '优惠券到账提醒',
    '优惠券名称 thing=满100减20|优惠金额 amount=¥20|有效期 date=2019-10-01~2019-10-31|使用说明 thing=全场通用|券码 letter=ABCDEF',
  ],
  [
    1006,
    2,
    2,
    '订单取消通知',
    '订单编号 character_string=201910010001|取消原因 thing=超时未支付|取消时间 time=2019年10月1日 15:31',
  ],
  [
    1007,
    2,
    2,
    '评价提醒',
    '商品名称 thing=拿铁咖啡|评价状态 phrase=待评价|评分 symbol=★★★★★|下单日期 date=10月1日',
  ],
  [
    2001,
    616,
    2,
    '取餐提醒',
    '取餐号 character_string=A023|门店名称 thing=TIT咖啡馆（天河店）|取餐时间 time=12:30|商品详情 thing=拿铁咖啡 ×2|取餐状态 phrase=已做好',
  ],
  [
    2002,
    616,
    2,
    '预订成功通知',
    '预订人 name=张三|联系电话 phone_number=13800138000|用餐时间 time=2019年10月1日 18:30|人数 number=4|餐厅名称 thing=粤海酒家',
  ],
  [
    2003,
    616,
    2,
    '排队叫号提醒',
    '排队号码 character_string=B12|等待桌数 number=3|门店名称 thing=粤海酒家|温馨提示 thing=请留意叫号',
  ],
  [
    3001,
    617,
    2,
    '快递签收通知',
    '快递单号 character_string=SF1234567890123|签收时间 time=2019-10-03 14:20|签收人 name=本人|快递公司 thing=顺丰速运',
  ],
  [
    3002,
    617,
    2,
    '包裹待取件提醒',
    '取件码 character_string=5-2-3011|驿站地址 thing=天河路208号菜鸟驿站|截止日期 date=2019年10月5日|联系电话 phone_number=+86-020-88888888',
  ],
  [
    4001,
    640,
    3,
    '业务办理进度通知',
    '业务名称 thing=居住证办理|办理进度 enum=审核中 [已受理,审核中,已办结,已驳回]|受理编号 character_string=GZ2019100100012|更新时间 time=2019年10月8日 10:00|申请人 name=李雷',
  ],
  [
    4002,
    640,
    3,
    '预约办事提醒',
    '办事事项 thing=身份证换领|预约时间 time=2019年10月9日 09:00~09:30|办事地点 thing=天河区政务服务中心|预约人 name=韩梅梅',
  ],
  [
    4003,
    640,
    3,
    '社保缴费提醒',
    '缴费金额 amount=¥1024.50|缴费月份 date=2019年10月|截止日期 date=2019-10-25|缴费状态 phrase=待缴费',
  ],
  [
    5001,
    650,
    3,
    '就诊提醒',
    '就诊人 name=张三|就诊科室 thing=呼吸内科|就诊时间 time=2019年10月10日 08:30|排队号 character_string=A015|医院名称 thing=中山大学附属第一医院',
  ],
  [
    5003,
    650,
    2,
    '预约提醒',
    '预约项目 thing=口腔检查|预约时间 time=2019年10月1日 15:00|预约门店 thing=天河体育中心店|预约人 name=韩梅梅',
  ],
  [
    5002,
    650,
    3,
    '检验报告通知',
    '就诊人 name=张三|报告项目 thing=血常规|报告时间 time=2019-10-10 15:20|报告状态 phrase=已出报告',
  ],
  [
    6001,
    660,
    3,
    '航班动态提醒',
    '航班号 character_string=CZ3101|航班状态 enum=延误 [计划,延误,取消,起飞,到达]|计划起飞 time=2019-10-01 08:00|预计起飞 time=2019-10-01 09:15|登机口 character_string=A12',
  ],
  [
    6002,
    660,
    3,
    '交通违法提醒',
    '车牌号码 car_number=粤A8Z888挂|违法时间 time=2019年10月1日 15:01|违法地点 thing=天河路与体育东路交叉口|罚款金额 amount=¥200|记分 number=3',
  ],
  [
    6003,
    660,
    2,
    '停车缴费通知',
    '车牌号码 car_number=粤A12345|停车时长 thing=2小时15分|缴费金额 amount=¥15.00元|离场时间 time=18:45',
  ],
  [
    7001,
    670,
    3,
    '课程上课提醒',
    '课程名称 thing=高等数学|上课时间 time=2019年10月8日 08:00~09:40|上课地点 thing=教学楼A301|授课老师 name=王老师',
  ],
  [
    7002,
    670,
    3,
    '成绩发布通知',
    '学生姓名 name=李雷|考试科目 thing=大学英语|考试成绩 number=92.5|等级 letter=A',
  ],
  [
    7003,
    670,
    2,
    '作业提醒',
    '作业名称 thing=第三章练习|截止时间 time=2019-10-08 23:59|科目 phrase=数学|提交状态 enum=未提交 [未提交,已提交,已批改]',
  ],
];

const BANNED_TIDS: ReadonlySet<number> = new Set([1006]);

/** The library, in tid order. */
export const SUBSCRIBE_LIBRARY: readonly SubscribeLibraryTitle[] = SOURCE.map(
  ([tid, categoryId, type, title, keywords]) => ({
    tid,
    title,
    type,
    categoryId: String(categoryId),
    banned: BANNED_TIDS.has(tid),
    keywords: keywords.split('|').map((entry, index) => parseKeyword(entry, index + 1)),
  }),
);

function parseKeyword(entry: string, kid: number): SubscribeLibraryKeyword {
  const match = /^(\S+) ([a-z_]+)=(.*?)(?: \[(.+)\])?$/.exec(entry);
  if (match === null) throw new Error(`malformed library keyword ${entry}`);
  const [, name, rule, example, values] = match as unknown as [
    string,
    string,
    KeywordKind,
    string,
    string?,
  ];
  return values === undefined
    ? { kid, name, example, rule }
    : { kid, name, example, rule, enumValues: values.split(',') };
}

const BY_TID = new Map(SUBSCRIBE_LIBRARY.map((title) => [title.tid, title]));
const CATEGORY_IDS: ReadonlySet<string> = new Set(SUBSCRIBE_CATEGORIES.map((c) => String(c.id)));

/** A public title by tid. */
export function findSubscribeTitle(tid: number): SubscribeLibraryTitle | undefined {
  return BY_TID.get(tid);
}

/** True for the id of one of the account's categories. */
export function isSubscribeCategory(id: string): boolean {
  return CATEGORY_IDS.has(id);
}

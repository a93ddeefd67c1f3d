// A separate server process of the multi-process token test. It imports the BUILT package
// (`sdkUrl` of the config in argv[2]) and answers the parent's commands over IPC.
import { connectSdk } from '@wxtpl/testkit/worker';

const { client, close } = await connectSdk(JSON.parse(process.argv[2]));

const commands = {
  tokens: async (n) => Promise.all(Array.from({ length: n }, () => client.getAccessToken())),
  list: async (n) => {
    const pages = await Promise.all(
      Array.from({ length: n }, () => client.templates.list({ offset: 0, count: 1 })),
    );
    if (!pages.every((page) => page.errcode === 0)) throw new Error('a list call failed');
    return [await client.getAccessToken()];
  },
};

process.on('message', async (message) => {
  if (message.cmd === 'exit') {
    await close();
    process.disconnect();
    return;
  }
  try {
    const tokens = await commands[message.cmd](message.n);
    process.send({ id: message.id, ok: true, tokens: [...new Set(tokens)] });
  } catch (error) {
    process.send({ id: message.id, ok: false, error: String(error?.stack ?? error) });
  }
});
process.send({ ready: true });

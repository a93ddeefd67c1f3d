import { Button, Input, View } from '@tarojs/components';
import { requestSubscribe, SubscribeError } from '@wxtpl/miniprogram-sdk';
import { useState } from 'react';
import { TEMPLATES } from '../../config';

export default function Index() {
  const [message, setMessage] = useState('');

  // <report-form subscribe>: the tap on its button asks for the reminder, then `submit` fires.
  const onBook = (event) => {
    const { value, subscriptions, subscribeError } = event.detail;
    if (subscribeError)
      setMessage(subscribeError.hint ? subscribeError.hint.zh : subscribeError.zh);
    else setMessage(`预约 ${value.phone}：${JSON.stringify(subscriptions)}`);
  };

  // Any other tap: call requestSubscribe synchronously in the handler (no await before it).
  const onFollow = () => {
    requestSubscribe([TEMPLATES.shipped, TEMPLATES.delivered])
      .then((results) => setMessage(JSON.stringify(results)))
      .catch((error) => setMessage(error instanceof SubscribeError ? error.zh : String(error)));
  };

  return (
    <View>
      <report-form text="预约" subscribe={[TEMPLATES.reminder]} onSubmit={onBook}>
        <Input name="phone" type="number" placeholder="手机号" />
      </report-form>
      <Button onClick={onFollow}>订阅发货和签收通知</Button>
      <View>{message}</View>
    </View>
  );
}

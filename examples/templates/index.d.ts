/** Sent after a booking form is submitted: spends the form's formId. */
export const bookingConfirmed: import("@wxtpl/shared-types").TemplateDefinition<{
    readonly service: "keyword1";
    readonly time: "keyword2";
    readonly store: "keyword3";
    readonly contact: "keyword4";
}>;
/** Sent when the order is paid: the first of the payment's 3 sends. */
export const orderPaid: import("@wxtpl/shared-types").TemplateDefinition<{
    readonly orderNo: "keyword1";
    readonly item: "keyword2";
    readonly amount: "keyword3";
    readonly paidAt: "keyword4";
}>;
/** Sent when the order leaves the warehouse. */
export const orderShipped: import("@wxtpl/shared-types").TemplateDefinition<{
    readonly orderNo: "keyword1";
    readonly carrier: "keyword2";
    readonly trackingNo: "keyword3";
    readonly shippedAt: "keyword4";
}>;
/** Sent when the parcel is signed for. */
export const orderDelivered: import("@wxtpl/shared-types").TemplateDefinition<{
    readonly orderNo: "keyword1";
    readonly deliveredAt: "keyword2";
    readonly receiver: "keyword3";
}>;
export namespace subscribeTemplates {
    export { bookingReminder };
    export { orderShippedNotice };
    export { orderDeliveredNotice };
}
/** One-time: asked for on the booking form's submit; sent as the booking's reminder. */
declare const bookingReminder: import("@wxtpl/shared-types").SubscribeTemplateDefinition<{
    readonly service: "thing1";
    readonly time: "time2";
    readonly store: "thing3";
    readonly contact: "name4";
}, {}>;
/** One-time: asked for with 「下单并支付」; sent when the order leaves the warehouse. */
declare const orderShippedNotice: import("@wxtpl/shared-types").SubscribeTemplateDefinition<{
    readonly orderNo: "character_string1";
    readonly carrier: "thing3";
    readonly trackingNo: "character_string4";
    readonly shippedAt: "time5";
}, {}>;
/** One-time: asked for with 「下单并支付」; sent when the parcel is signed for. */
declare const orderDeliveredNotice: import("@wxtpl/shared-types").SubscribeTemplateDefinition<{
    readonly trackingNo: "character_string1";
    readonly deliveredAt: "time2";
    readonly receiver: "name3";
    readonly carrier: "thing4";
}, {}>;
export {};

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

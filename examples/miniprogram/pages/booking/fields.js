// @ts-check
// The booking form's fields ARE the booking template's keywords: this map must name every keyword
// of `bookingConfirmed` (@wxtpl/example-templates) and nothing else, or `tsc` fails.
/** @typedef {import('@wxtpl/shared-types').KeywordName<typeof import('@wxtpl/example-templates').bookingConfirmed>} BookingKeyword */

/** @type {Record<BookingKeyword, { label: string, placeholder: string }>} */
const BOOKING_FIELDS = {
  service: { label: '预约项目', placeholder: '口腔检查' },
  time: { label: '预约时间', placeholder: '2026年12月1日 15:00' },
  store: { label: '预约门店', placeholder: '天河体育中心店' },
  contact: { label: '预约人', placeholder: '韩梅梅' },
};

/**
 * The POST /bookings payload from a form's value: exactly the template's keywords, trimmed.
 * @param {Record<string, unknown>} value
 * @returns {Record<BookingKeyword, string>}
 */
function bookingPayload(value) {
  const payload = /** @type {Record<BookingKeyword, string>} */ ({});
  for (const name of /** @type {BookingKeyword[]} */ (Object.keys(BOOKING_FIELDS))) {
    const raw = value[name];
    payload[name] = typeof raw === 'string' ? raw.trim() : '';
  }
  return payload;
}

/**
 * The names of the fields left empty.
 * @param {Record<BookingKeyword, string>} payload
 */
function missingFields(payload) {
  return /** @type {BookingKeyword[]} */ (Object.keys(payload))
    .filter((name) => payload[name] === '')
    .map((name) => BOOKING_FIELDS[name].label);
}

module.exports = { BOOKING_FIELDS, bookingPayload, missingFields };

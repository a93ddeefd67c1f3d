/** A product of the example shop; the server owns prices, the client only names a product. */
export interface Product {
  id: string;
  name: string;
  priceFen: number;
}

/** The example shop's catalogue. */
export const PRODUCTS: readonly Product[] = [
  { id: 'latte', name: '拿铁咖啡（大杯）', priceFen: 3600 },
  { id: 'earbuds', name: '无线降噪耳机', priceFen: 89900 },
];

/** The product with this id, if any. */
export function findProduct(id: string): Product | undefined {
  return PRODUCTS.find((product) => product.id === id);
}

// Allure 3's `allure quality-gate` calls Iterator.prototype.toArray, which Node ships
// from version 22; on an older Node this gives it the same behaviour, for the test only.
const prototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
if (!prototype.toArray) {
  Object.defineProperty(prototype, "toArray", {
    value() {
      return Array.from(this);
    },
    configurable: true,
    writable: true,
  });
}

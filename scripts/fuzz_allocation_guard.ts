/**
 * Imported first by the fuzz worker (before any library module): every typed array or ArrayBuffer the
 * library allocates by length is checked against a limit, the size of the file being loaded, so that a
 * length read from a tampered file cannot make a query allocate more than the file itself. The global
 * constructors are replaced by proxies; instances, `instanceof` and views over existing buffers work as
 * before.
 */

/** Thrown instead of allocating: the fuzzer reports it as a failure. */
export class AllocationTooLarge extends Error {
  override name = "AllocationTooLarge";
}

export const allocationLimit = { bytes: Infinity };

const TYPED = ["Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array"] as const;

function guard<T extends abstract new (...args: never[]) => object>(ctor: T, bytesPerElement: number): T {
  return new Proxy(ctor, {
    construct(target, args: unknown[], newTarget) {
      const n = args[0];
      if (typeof n === "number" && n * bytesPerElement > allocationLimit.bytes) {
        throw new AllocationTooLarge(`${target.name}(${n}): ${n * bytesPerElement} bytes, more than the ${allocationLimit.bytes} of the file`);
      }
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
}

const scope = globalThis as unknown as Record<string, abstract new (...args: never[]) => object>;
for (const name of TYPED) {
  const ctor = scope[name] as unknown as { BYTES_PER_ELEMENT: number } & (abstract new (...args: never[]) => object);
  scope[name] = guard(ctor, ctor.BYTES_PER_ELEMENT);
}
scope.ArrayBuffer = guard(ArrayBuffer, 1);

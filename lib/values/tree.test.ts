import { describe, expect, it } from "vitest";
import { ForbiddenKeyError, findForbiddenKey, getAt, getPath, hasAt, leaves, mergeTrees, setAt, setPath } from "./tree";

describe("value tree", () => {
  it("reads own properties only", () => {
    const v = { global: { clusterId: "a" } };
    expect(getPath(v, "global.clusterId")).toBe("a");
    for (const p of ["toString", "constructor", "__proto__", "global.hasOwnProperty", "global.constructor.name"]) expect(getPath(v, p), p).toBeUndefined();
    expect(hasAt(v, ["valueOf"])).toBe(false);
  });

  it("writes null-prototype maps and keeps dotted segments whole", () => {
    const out: Record<string, unknown> = {};
    setAt(out, ["podAnnotations", "example.com/team"], "finops");
    setPath(out, "global.clusterId", "a");
    expect(out).toEqual({ podAnnotations: { "example.com/team": "finops" }, global: { clusterId: "a" } });
    expect(Object.getPrototypeOf(out.global)).toBeNull();
    expect(getAt(out, ["podAnnotations", "example.com/team"])).toBe("finops");
  });

  it("refuses a prototype key with a message naming the path, and writes nothing", () => {
    const out: Record<string, unknown> = {};
    expect(() => setAt(out, ["global", "__proto__", "polluted"], 1)).toThrow(ForbiddenKeyError);
    expect(() => setPath(out, "a.constructor.prototype", 1)).toThrow('a.constructor: "constructor" is not allowed as a key');
    expect(out).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("finds prototype keys anywhere, lists included", () => {
    expect(findForbiddenKey(JSON.parse('{"a":[{"b":1},{"__proto__":{"x":1}}]}'))).toBe("a[1].__proto__");
    expect(findForbiddenKey({ a: { prototype: 1 } })).toBe("a.prototype");
    expect(findForbiddenKey({ a: { b: [1, 2] } })).toBeUndefined();
  });

  it("lists leaves with their segments; lists and empty maps are leaves", () => {
    expect(leaves({ a: { b: 1, "c.d": [1] }, e: {} }).map((l) => [l.path, l.segments.length])).toEqual([["a.b", 2], ["a.c.d", 2], ["e", 1]]);
  });

  it("merges without reaching a prototype", () => {
    expect(mergeTrees({ a: { b: 1, c: 2 } }, { a: { c: 3 }, d: undefined })).toEqual({ a: { b: 1, c: 3 } });
    expect(() => mergeTrees({}, JSON.parse('{"__proto__":{"x":1}}'))).toThrow(ForbiddenKeyError);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

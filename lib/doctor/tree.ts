// The doctor's value tree is the shared one (lib/values/tree.ts): own-property reads,
// null-prototype writes, prototype keys refused.
export { getAt, hasAt, leaves, setAt, splitPath, type Leaf, type Values } from "@/lib/values/tree";

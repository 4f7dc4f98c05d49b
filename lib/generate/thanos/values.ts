export { mergeValues, type Values } from "../common/values";

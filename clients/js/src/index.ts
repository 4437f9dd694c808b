// @brigade/client: a typed Socket.IO client for Brigade's order and kitchen events.
export * from "./socket-events.types.js";
export * from "./menu.types.js";
export * from "./errors.js";
export * from "./missed-events.js";
export * from "./order-socket-client.js";
export { OrderSocketClient as default } from "./order-socket-client.js";

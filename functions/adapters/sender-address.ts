// The sender-address rule lives in core (core/sender-address.ts); infra still imports it from here.
export * from '../core/sender-address.js';

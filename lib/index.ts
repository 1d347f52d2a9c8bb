/**
 * kalshi-rx: the Kalshi Trade API WebSocket (v2) as RxJS streams.
 *
 * @packageDocumentation
 */
export { connect } from './connection/kalshi-connection.js';
export { connectPool } from './connection/connect-pool.js';
export type { PoolOptions, RotationOptions } from './connection/pool-options.js';
export type { AssignPolicy, SocketLoad } from './connection/pool-placement.js';
export type { ChannelParams, KalshiConnection, MarketSelection, OrderBookOptions } from './connection/kalshi-connection-api.js';
export { type ConnectOptions, type ReconnectOptions, type WebSocketCtor, DEMO_URL, PROD_URL, resolveUrl } from './connection/connect-options.js';
export type { ChannelEvent, Diagnostic } from './connection/channel-event.js';
export type { CloseReason, ConnectionStatus, RotationReason, SocketTag, SubscriptionStatus } from './connection/connection-status.js';
export type { HealthMetrics, SocketMetrics } from './connection/health-metrics.js';
export { KalshiCommandError, KalshiConnectionClosedError, KalshiConnectionLostError, KalshiTimeoutError } from './connection/connection-errors.js';
export { backoffDelay } from './connection/backoff-delay.js';
export { KalshiError, KalshiUsageError, type KalshiErrorCode } from './errors/kalshi-error.js';
export type { CommandBudgetOptions } from './connection/command-budget.js';

export type { AuthOptions, KalshiAuthHeaders, PrivateKeyAuth, SignerAuth } from './auth/auth-options.js';
export { signingString, WS_SIGN_PATH } from './auth/auth-options.js';
export { KalshiAuthConfigError, KalshiAuthError } from './auth/auth-errors.js';
export { createSigner, signPss, verifyPss, type HeaderSigner } from './auth/create-signer.js';

export * from './protocol/fixed-point.js';
export * from './protocol/commands.js';
export * from './protocol/replies.js';
export * from './protocol/error-codes.js';
export { KalshiDecodeError, type DecodeIssue } from './protocol/decode-error.js';
export { decodeFrame, decodeParsed, type Frame } from './protocol/decode-frame.js';
export {
  DATA_CODECS, encodeMessage, marketOf, type AllCodecs, type ChannelMessageMap, type CodecsOfSpec, type UnionToIntersection, type DataMessage, type DataMessageType, type UnknownMessage,
} from './protocol/data-message.js';
export { BookSide, Side } from './protocol/envelope.js';

export {
  CHANNEL_SPECS, CHANNELS, isChannelName, type AnyChannelSpec, type ChannelInfo, type ChannelName, type ChannelSpecOf, type MarketFilteredChannel,
} from './channels/channel-names.js';
export { defineChannel, type ChannelSpec, type MarketField, type MarketFilter, type MessageOf, type RecoveryPolicy } from './channels/define-channel.js';
export { MissingField, normalized, opt, optValue, openEnum, type OpenEnum } from './protocol/tolerant.js';
export * from './channels/orderbook-delta.js';
export * from './channels/ticker.js';
export * from './channels/trade.js';
export * from './channels/fill.js';
export * from './channels/market-positions.js';
export * from './channels/user-orders.js';
export * from './channels/order-group-updates.js';
export * from './channels/market-lifecycle.js';
export * from './channels/communications.js';
export * from './channels/cfbenchmarks-value.js';
export * from './channels/cfbenchmarks-value-5hz.js';
export * from './channels/multivariate-market-lifecycle.js';
export * from './channels/pyth-value.js';

export { OrderBook, applyDelta, bookFromSnapshot, type BookBase, type BookSide as OrderBookSide, type BookViolation, type DeltaResult } from './orderbook/order-book.js';
export { toOrderBook, type BookInput, type ToOrderBookOptions } from './operators/to-order-book.js';
export { BookFolder, type BookFoldOptions, type BookSink } from './orderbook/book-folder.js';
export type { DataReceiver, SinkPort, SubscriptionProblem } from './connection/sink-port.js';
export { checkSeq, type CheckSeqOptions, type SeqGap } from './operators/check-seq.js';
export { perMarket } from './operators/per-market.js';

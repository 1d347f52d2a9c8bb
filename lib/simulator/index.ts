/**
 * `kalshi-rx/simulator`: a local Kalshi WebSocket exchange for development and tests.
 *
 * @packageDocumentation
 */
export { startSimulator } from './start-simulator.js';
export type { LoggedCommand, SimSubscriptionInfo, Simulator, SimulatorFaults, SimulatorOptions } from './simulator-api.js';
export type { CommandFaultEffect, CommandMatch } from './command-faults.js';
export type { SimulatorKey } from './handshake-auth.js';
export { MarketModel, SimMarket, type DeltaEvent, type LifecycleEvent, type MarketEvent, type MarketModelOptions, type OwnFillEvent, type SimSide, type TickerEvent, type TradeEvent } from './market-model.js';

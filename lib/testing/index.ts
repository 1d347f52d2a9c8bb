/**
 * `kalshi-rx/testing`: test your own Kalshi-driven code without a socket: a test connection
 * driven by marbles, message builders, marble helpers wired to `expect`, record and replay.
 *
 * @packageDocumentation
 */
export { createTestConnection, type RecordedCommand, type TestConnection, type TestConnectionOptions } from './test-connection.js';
export * from './message-builders.js';
export { createTestScheduler, type ExpectLike } from './marbles.js';
export { createRecorder, replayConnection, type ReplayOptions } from './replay-connection.js';
export { parseRecording, recordLine, type RecordedFrame } from '../replay/recording.js';
export { recordingSocket, type RecordingSocketOptions } from '../replay/recording-socket.js';

/** Builds examples/browser/dist/app.js and dist/serve.js; resolves with the app bundle path. */
export function buildBrowserExample(): Promise<string>;

import http from 'node:http';

/** What Express gives every request and response as their prototype (`app.request`, `app.response`). */
interface ExpressPrototypes {
  request: object;
  response: object;
}

type Constructor = (...args: unknown[]) => void;

/**
 * Makes the HTTP server create its requests and responses with Express's
 * prototypes already in place.
 *
 * Express re-parents every request and response on arrival
 * (`Object.setPrototypeOf(req, app.request)`). Changing the prototype of a
 * live object makes V8 drop its optimised shape, and every later access to
 * `req`/`res` pays, Node's own HTTP code included: measured here, a bare
 * Express 5 route serves about three times more requests per second when
 * the objects are born with those prototypes (Express's `setPrototypeOf`
 * then has nothing to change). Uses the server's `IncomingMessage` /
 * `ServerResponse` classes (the `http.createServer` options), set after the
 * fact because Nest creates the server; does nothing, and says so by
 * returning false, where that is not possible (a server with custom classes,
 * a Node whose classes are no longer plain constructor functions).
 */
export function bornWithExpressPrototypes(server: http.Server, app: ExpressPrototypes): boolean {
  const incomingKey = ownSymbol(server, 'IncomingMessage');
  const responseKey = ownSymbol(server, 'ServerResponse');
  if (!incomingKey || !responseKey) return false;
  const slots = server as unknown as Record<symbol, unknown>;
  if (slots[incomingKey] !== http.IncomingMessage || slots[responseKey] !== http.ServerResponse) return false;
  const Incoming = http.IncomingMessage as unknown as Constructor;
  const Outgoing = http.ServerResponse as unknown as Constructor;
  if (isClass(Incoming) || isClass(Outgoing)) return false;

  function ExpressIncomingMessage(this: object, ...args: unknown[]): void {
    Reflect.apply(Incoming, this, args);
  }
  ExpressIncomingMessage.prototype = app.request;
  function ExpressServerResponse(this: object, ...args: unknown[]): void {
    Reflect.apply(Outgoing, this, args);
  }
  ExpressServerResponse.prototype = app.response;
  slots[incomingKey] = ExpressIncomingMessage;
  slots[responseKey] = ExpressServerResponse;
  return true;
}

/** The server's own symbol-keyed slot with this description (where `createServer` keeps its classes). */
function ownSymbol(target: object, description: string): symbol | undefined {
  return Object.getOwnPropertySymbols(target).find((symbol) => symbol.description === description);
}

const isClass = (fn: Constructor): boolean => /^class\b/.test(Function.prototype.toString.call(fn));

import http from 'node:http';

/** What Express gives every request and response as their prototype (`app.request`, `app.response`). */
interface ExpressPrototypes {
  request: object;
  response: object;
}

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
 * then has nothing to change).
 *
 * The server makes them with subclasses of Node's `IncomingMessage` and
 * `ServerResponse` (the `http.createServer` options, set after the fact
 * because Nest creates the server), whose prototypes become `app.request` and
 * `app.response`, inheriting Express's. Subclasses, not wrapper functions:
 * V8 sizes a subclass instance from Node's constructor, while a response
 * built by a plain function calling `ServerResponse` ended up with
 * dictionary-mode properties, 1.5 µs to build and slower on every access.
 * Does nothing, and says so by returning false, on a server with classes of
 * its own.
 */
export function bornWithExpressPrototypes(server: http.Server, app: ExpressPrototypes): boolean {
  const incomingKey = ownSymbol(server, 'IncomingMessage');
  const responseKey = ownSymbol(server, 'ServerResponse');
  if (!incomingKey || !responseKey) return false;
  const slots = server as unknown as Record<symbol, unknown>;
  if (slots[incomingKey] !== http.IncomingMessage || slots[responseKey] !== http.ServerResponse) return false;

  class ExpressIncomingMessage extends http.IncomingMessage {}
  class ExpressServerResponse extends http.ServerResponse {}
  Object.setPrototypeOf(ExpressIncomingMessage.prototype, app.request);
  Object.setPrototypeOf(ExpressServerResponse.prototype, app.response);
  app.request = ExpressIncomingMessage.prototype;
  app.response = ExpressServerResponse.prototype;
  slots[incomingKey] = ExpressIncomingMessage;
  slots[responseKey] = ExpressServerResponse;
  return true;
}

/** The server's own symbol-keyed slot with this description (where `createServer` keeps its classes). */
function ownSymbol(target: object, description: string): symbol | undefined {
  return Object.getOwnPropertySymbols(target).find((symbol) => symbol.description === description);
}

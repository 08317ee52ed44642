import { createContext, useContext } from "react";

/** The request's CSP nonce, for the few inline scripts Remix renders. Empty in the browser. */
export const NonceContext = createContext("");

export function useNonce() {
  return useContext(NonceContext);
}

// base64url without padding (RFC 4648 s5) of bytes (an ArrayBuffer or a typed array): a PKCE
// code_challenge is this of SHA-256 over the verifier (RFC 7636 s4.2; docs/SECURITY.md rule 1). One copy
// for the page (index.html loads it before shell.js) and the demo data centre's service worker (sw.js
// imports it), so the challenge the console sends and the one the demo checks cannot drift apart. A
// classic script: `base64url` is a global of the page and of the worker.
'use strict';

function base64url(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// The bytes of base64url `text` (padding optional): an id_token's signature for WebCrypto's verify.
function base64urlBytes(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

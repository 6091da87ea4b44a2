// Credentials written in a request's Authorization header, encoded as REST Client and httpYac do.
export { readBasic, basicToken, encodeBasicAuthorization, type BasicForm } from './basic';
export { readDigestShorthand, pickDigestChallenge, digestAuthorization, type DigestChallenge, type DigestCredentials } from './digest';

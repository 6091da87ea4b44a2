/** API profiles: what each documented API says about its requests and answers (see profiles/ and schemas/profile.schema.json). */
export type * from './types';
export { BUILTIN_PROFILE_IDS, builtinProfiles, loadProfiles, readProfiles, formatProblem, ProfileError, type ProfileProblem, type ProfilesConfig, type ProfilesResult } from './load';
export { matchProfile, matchEndpoint, matchPathTemplate, endpointById, type MatchConfig, type ProfileMatchResult } from './match';
export { validateBody, ruleForPointer, batchItems, nearMissOf, type FieldError, type ValidateOptions } from './validate';
export { profileContext, profilesFor, profilesResultFor, fieldErrorsFor, type BodyDoc, type PlacedFieldError, type ProfileContext } from './context';
export { emailHash, isIso4217, isUuid, isHttpUrl, isQrColor, findEmail, privateUrlReason, serializedBytes } from './formats';

/** The registration token's prefix: a token found in a log or a paste says what it is. */
export const REGISTRATION_TOKEN_PREFIX = "rgr_";
/** The registration token's shape (`rgr_` and 43 base64url characters: 256 bits); the template's parameter allows it or nothing. */
export const REGISTRATION_TOKEN_PATTERN = "rgr_[A-Za-z0-9_-]{43}";

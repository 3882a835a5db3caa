/**
 * The two Instagram API generations a store can use, and what differs
 * between them. Everything else (token exchanges, error shapes) is shared.
 */
export const API_GENERATIONS = ['instagram-login', 'basic-display'] as const;
export type ApiGeneration = (typeof API_GENERATIONS)[number];

interface GenerationFacts {
  /** Which configured base serves the authorization window. */
  authorizeBase: 'www' | 'api';
  defaultScopes: readonly string[];
  allowedScopes: readonly string[];
  requiredScope: string;
  /** Fields asked of /me; each generation rejects fields it does not know. */
  profileFields: readonly string[];
}

export const GENERATIONS: Readonly<Record<ApiGeneration, GenerationFacts>> = {
  // "Instagram API with Instagram Login" (business login), professional accounts only.
  // https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
  'instagram-login': {
    // api.instagram.com/oauth/authorize shows "Sorry, this page isn't available" for
    // these apps; www.instagram.com is the window that works.
    authorizeBase: 'www',
    defaultScopes: ['instagram_business_basic'],
    allowedScopes: [
      'instagram_business_basic',
      'instagram_business_content_publish',
      'instagram_business_manage_comments',
      'instagram_business_manage_messages',
      'instagram_business_manage_insights',
    ],
    requiredScope: 'instagram_business_basic',
    profileFields: ['id', 'user_id', 'username', 'name', 'account_type', 'profile_picture_url'],
  },
  // Basic Display, switched off by Meta on 2024-12-04; kept for stores that still configure it.
  // https://developers.facebook.com/docs/instagram-basic-display-api/guides/getting-access-tokens-and-permissions/
  'basic-display': {
    authorizeBase: 'api',
    defaultScopes: ['user_profile'],
    allowedScopes: ['user_profile', 'user_media'],
    requiredScope: 'user_profile',
    profileFields: ['id', 'username', 'account_type'],
  },
};

/** Scope names Meta retired on 2025-01-27, mapped to their replacements. */
export const RETIRED_SCOPES: Readonly<Record<string, string>> = {
  business_basic: 'instagram_business_basic',
  business_content_publish: 'instagram_business_content_publish',
  business_manage_comments: 'instagram_business_manage_comments',
  business_manage_messages: 'instagram_business_manage_messages',
};

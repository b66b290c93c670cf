// The explanation of every problem code: what happened, why, and how to fix it. Problems link here through their
// `type` (`<portal>/docs/errors/<code>`). Text between backticks is shown as code.

/** ProblemExample is one example answer with this code. */
export interface ProblemExample {
  /** Where this answer comes from, when a code has more than one example ("At the gateway"). */
  label?: string;
  /** The problem's `detail`, as the server writes it. */
  detail: string;
  /** Members besides type, title, status, detail, instance and code. */
  extra?: Record<string, unknown>;
  /** Response headers worth knowing, besides Content-Type. */
  headers?: Record<string, string>;
}

/** ErrorDoc explains one code in plain words. Status and title come from lib/codes. */
export interface ErrorDoc {
  code: string;
  /** What happened, in a sentence or two. */
  what: string;
  /** The usual reasons. */
  why: string[];
  /** How to fix it, step by step. */
  fix: string[];
  /** Who can fix it. */
  who: string;
  /** Whether retrying the same call can help, and when. */
  retry: string;
  /** Members of the problem and headers that help, explained. */
  fields?: { name: string; meaning: string }[];
  /** Example answers; none for codes the caller never receives as a problem (ok, client_closed_request). */
  examples: ProblemExample[];
  /** Codes that are easily confused with this one. */
  related?: string[];
}

// Example values, the same on every page.
export const EXAMPLE_REQUEST_ID = '7f3a9c21e4b05d18a2c6f0e9';
const SUB_ID = '0193b2a4-5c1e-7d2f-9a8b-3c4d5e6f7a8b';
const API_ID = '0193b2a4-11aa-7c3e-8d9f-0a1b2c3d4e5f';
const WWW_AUTH = { 'WWW-Authenticate': 'Bearer realm="tollgate"' };

const SUBSCRIPTION_ID_FIELD = {
  name: 'subscription_id',
  meaning: 'The subscription the call was checked against; its page in the portal shows its state and history.',
};

/** errorDocs builds the explanations; origin is the portal's address, used in the example links. */
export function errorDocs(origin: string): ErrorDoc[] {
  const paymentUrl = `${origin}/t/acme/subscriptions/${SUB_ID}`;
  return [
    {
      code: 'ok',
      what:
        'Not an error: the gateway accepted the call and passed it on to the API’s own server. The status in the call log is the one that server answered.',
      why: [
        'The key was valid, the application is subscribed, and the call was within the plan’s quota and rate limits.',
      ],
      fix: [
        'Nothing to fix at the gateway.',
        'If the status is an error (4xx or 5xx), the API itself answered it: read the response body and the API’s docs in the catalogue, or ask its provider.',
        'Watch `X-Quota-Remaining` and `RateLimit-Remaining` on the responses to see a limit coming before you reach it.',
      ],
      who: 'Nobody needs to.',
      retry: 'Not applicable.',
      fields: [
        { name: 'X-Quota-Limit, X-Quota-Remaining, X-Quota-Reset', meaning: 'The plan’s quota for this period, what is left after this call, and when it starts again (sent when the plan has a quota).' },
        { name: 'RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset', meaning: 'The tightest rate limit, what is left of it and the seconds until it refills.' },
        { name: 'Sunset', meaning: 'Sent by deprecated APIs: the date the API stops answering. Move to its successor before then.' },
        { name: 'Warning, Tollgate-Grace-Ends', meaning: 'A payment failed and the subscription is in its grace period: calls still pass until the date given. Pay the open invoice before then.' },
      ],
      examples: [],
    },
    {
      code: 'missing_api_key',
      what: 'The call reached the gateway without an API key, so the gateway cannot tell which application is calling.',
      why: [
        'No `Authorization: Bearer <key>` header and no `X-API-Key: <key>` header was sent.',
        'The header name is misspelt, or the word `Bearer` is missing.',
        'The key was put in the URL as `?api_key=` for an API that accepts keys in headers only (the default: URLs end up in logs).',
        'A proxy or a browser extension between you and the gateway removed the `Authorization` header.',
      ],
      fix: [
        'If you have no key yet: open your application in the portal (Applications → your application) and choose Create key. The key is shown once: copy it then.',
        'Send it with every call, as `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
        'Example: `curl -H "Authorization: Bearer tg_live_…" <gateway>/<tenant>/<API base path>/…`',
      ],
      who: 'You, the caller.',
      retry: 'Only with a key: the same call without one is refused again.',
      examples: [{ detail: 'Send your API key in the Authorization header (Bearer <key>) or the X-API-Key header.', headers: WWW_AUTH }],
      related: ['invalid_api_key'],
    },
    {
      code: 'invalid_api_key',
      what: 'The call carried something that is not a key the gateway knows.',
      why: [
        'The key was copied only in part. Keys look like `tg_live_` (or `tg_test_`) followed by 43 characters, an underscore and a 6-character checksum.',
        'A character was mistyped: the checksum no longer matches, and the gateway refuses it without looking it up.',
        'The key belongs to another tenant: the first part of the path (`/<tenant>/…`) must be the tenant the key was made in.',
        'The key’s application was deleted.',
      ],
      fix: [
        'Copy the key again from where you stored it when it was created; the portal never shows a key a second time.',
        'Check that the URL starts with the right tenant: `<gateway>/<tenant>/<API base path>/…`.',
        'If the key is lost, create a new one on your application’s page and revoke the old one.',
      ],
      who: 'You, the caller.',
      retry: 'No: the same key is refused every time.',
      examples: [
        {
          detail: 'This API key is not valid. Check that you copied it whole; keys look like tg_live_… and are shown once when created.',
          headers: WWW_AUTH,
        },
      ],
      related: ['missing_api_key', 'api_key_revoked'],
    },
    {
      code: 'api_key_revoked',
      what: 'The key was revoked in the portal. A revoked key stops working at once and for good.',
      why: [
        'Someone in your team revoked it, for example because it may have leaked or was no longer needed.',
        'Your software still uses the old key after a replacement was made.',
      ],
      fix: [
        'Open your application in the portal (Applications → your application) and look at its API keys. Tick “Show revoked and expired keys” to see which key was revoked, when, and by whom it was created.',
        'Create a new key with Create key (or use the replacement your team already made) and copy it: it is shown once.',
        'Put the new key in your software, wherever the old one was configured.',
      ],
      who: 'Your team: anyone in the team that owns the application can create keys.',
      retry: 'No: a revoked key cannot be restored. Use another key.',
      examples: [{ detail: 'This API key was revoked. Create a new key in the portal.', headers: WWW_AUTH }],
      related: ['api_key_expired', 'invalid_api_key'],
    },
    {
      code: 'api_key_expired',
      what: 'The key’s expiry time has passed, so the gateway no longer accepts it.',
      why: [
        'The key was created with an expiry date, and that date has come.',
        'The key was rotated: a rotation makes a replacement and keeps the old key working only for the overlap chosen (24 hours by default). After the overlap the old key expires.',
      ],
      fix: [
        'If the key was rotated, use its replacement: it was shown once when the rotation was made.',
        'Otherwise open your application in the portal and choose Create key; put the new key in your software.',
        'Next time, rotate the key before it expires (Rotate, on the key’s row): the old and the new key both work during the overlap, so nothing breaks while you switch.',
      ],
      who: 'Your team.',
      retry: 'No: an expired key stays expired. Use another key.',
      examples: [{ detail: 'This API key has expired. Create a new key, or rotate it before it expires next time.', headers: WWW_AUTH }],
      related: ['api_key_revoked'],
    },
    {
      code: 'ip_not_allowed',
      what: 'The key may only be used from certain addresses, and this call came from another one.',
      why: [
        'The key was created with a list of allowed IP addresses, and the address the gateway saw is not in it.',
        'Your calls now leave through another network, proxy or NAT gateway, so the gateway sees a different public address than before.',
        'You are calling from your own computer with a key meant for a server.',
      ],
      fix: [
        'Find the address the gateway sees: it is listed as Client IP in the call’s details in your application’s call log.',
        'Call from an address the key allows, if that is what was intended.',
        'Otherwise create a new key whose “Allowed IP addresses” include yours (single addresses or ranges such as `203.0.113.0/24`), switch your software to it, and revoke the old key. A key’s allowed addresses are fixed when it is created, and a rotation keeps them.',
      ],
      who: 'Your team.',
      retry: 'Not from the same address.',
      examples: [{ detail: 'This API key may not be used from your address. Add it to the key’s allowed addresses in the portal.' }],
      related: ['key_scope_denied'],
    },
    {
      code: 'no_route',
      what: 'There is no published API at this path.',
      why: [
        'The tenant or the API’s base path in the URL is misspelt. Gateway URLs are `<gateway>/<tenant>/<API base path>/<rest of the path>`.',
        'The API is still a draft: the gateway serves an API only once it is published.',
        'The API was deleted while it was a draft.',
      ],
      fix: [
        'Open the API in the portal’s catalogue: its page shows the base path, and its Try it tab builds a correct URL for you.',
        'Check the tenant part of the URL: it is the tenant’s slug as in the portal’s address (`/t/<tenant>/…`).',
        'If you provide the API: publish it (APIs → the API → Publish).',
      ],
      who: 'You, the caller (or the provider, if the API is not published yet).',
      retry: 'No: correct the URL first.',
      examples: [{ detail: 'No API is published at this path. Check the URL: /<tenant>/<API base path>/…' }],
      related: ['api_retired'],
    },
    {
      code: 'api_retired',
      what: 'The API has been retired by its provider and no longer answers. Retirement is final.',
      why: [
        'The provider deprecated the API with a sunset date and has now retired it. Deprecated APIs announce the date in the `Sunset` header of every response.',
      ],
      fix: [
        'Look in the portal’s catalogue for the API that replaces it, subscribe to it and move your calls there.',
        'Ask the API’s provider which API to use instead.',
      ],
      who: 'You, by moving to another API.',
      retry: 'No.',
      examples: [{ detail: 'This API has been retired and no longer answers.' }],
      related: ['no_route'],
    },
    {
      code: 'key_scope_denied',
      what: 'The key is limited to some of the application’s APIs, and this API is not one of them.',
      why: [
        'When the key was created, only some APIs were ticked under its scope.',
        'The application subscribed to this API after the key was created with a limited scope.',
      ],
      fix: [
        'Use another key of the application whose scope covers this API (the Scope column of the API keys list shows each key’s APIs).',
        'Or create a new key with this API ticked, or with no API ticked at all, which means every API the application subscribes to. A key’s scope is fixed when it is created.',
      ],
      who: 'Your team.',
      retry: 'Not with this key.',
      examples: [{ detail: 'This API key is limited to other APIs. Use another key or widen its scope in the portal.' }],
      related: ['not_subscribed'],
    },
    {
      code: 'not_subscribed',
      what: 'The application whose key made the call has no subscription to this API.',
      why: [
        'Nobody has subscribed this application to the API yet. Subscriptions belong to applications, not to people: another application of yours may be subscribed instead.',
        'The key belongs to a different application than you think.',
      ],
      fix: [
        'Open the API in the portal’s catalogue, choose a plan and Subscribe, picking this application.',
        'Depending on the plan, the subscription starts at once, waits for an owner’s or admin’s approval, or waits for payment.',
      ],
      who: 'Your team.',
      retry: 'Once the subscription is active; the gateway knows within a second.',
      examples: [{ detail: 'Your application does not subscribe to this API. Subscribe to one of its plans in the portal.' }],
      related: ['subscription_canceled', 'key_scope_denied'],
    },
    {
      code: 'subscription_pending_approval',
      what: 'The application asked to subscribe, and the request is waiting for approval.',
      why: [
        'The plan needs a manual approval by an owner or admin of the tenant, or two approvals by two different ones (two-person approval).',
      ],
      fix: [
        'Wait for the decision: you are told in the portal (the bell) and by email when email is set up.',
        'Follow the request on your application’s page, where its history shows the approvals so far.',
        'If it is urgent, ask an owner or admin to look at their Approvals inbox.',
      ],
      who: 'The tenant’s owners and admins.',
      retry: 'Once approved; the gateway knows within a second.',
      fields: [SUBSCRIPTION_ID_FIELD],
      examples: [
        {
          detail: 'Your subscription is waiting for the provider’s approval. You will be notified of the decision.',
          extra: { subscription_id: SUB_ID },
        },
      ],
      related: ['subscription_rejected', 'payment_required'],
    },
    {
      code: 'subscription_rejected',
      what: 'The request to subscribe was rejected by an owner or admin, so the application may not call the API.',
      why: ['The people who approve subscriptions decided against this request; they usually give a reason.'],
      fix: [
        'Read the reason on your application’s page (the subscription’s history) or in the notification you received.',
        'If the reason can be addressed, subscribe again from the catalogue with a clearer reason or another plan, or talk to the tenant’s admins first.',
      ],
      who: 'You, with the tenant’s owners and admins.',
      retry: 'No: a new request is needed.',
      fields: [SUBSCRIPTION_ID_FIELD],
      examples: [
        { detail: 'The provider rejected your subscription request. See the portal for the reason.', extra: { subscription_id: SUB_ID } },
      ],
      related: ['subscription_pending_approval', 'subscription_revoked'],
    },
    {
      code: 'subscription_revoked',
      what: 'An owner or admin revoked the subscription. Revocation ends it for good.',
      why: ['The provider withdrew access, for example after misuse or at the end of an agreement. The reason is in the subscription’s history.'],
      fix: [
        'Read the reason on your application’s page (the subscription’s history).',
        'Talk to the tenant’s owners or admins. If they agree, subscribe again from the catalogue.',
      ],
      who: 'The tenant’s owners and admins.',
      retry: 'No.',
      fields: [SUBSCRIPTION_ID_FIELD],
      examples: [{ detail: 'The provider revoked your subscription.', extra: { subscription_id: SUB_ID } }],
      related: ['subscription_suspended', 'subscription_canceled'],
    },
    {
      code: 'subscription_suspended',
      what: 'An owner or admin suspended the subscription. It is paused, not ended, and paying does not lift it.',
      why: [
        'The provider paused access on purpose, for example while looking into unusual traffic. The reason is in the subscription’s history.',
        'This is different from `payment_overdue` (402), which is a suspension for non-payment that paying lifts.',
      ],
      fix: [
        'Read the reason on your application’s page (the subscription’s history) or in the notification you received.',
        'Ask the tenant’s owners or admins to resume it once the reason is dealt with. Calls pass again within a second of the resumption.',
      ],
      who: 'The tenant’s owners and admins.',
      retry: 'Once resumed.',
      fields: [SUBSCRIPTION_ID_FIELD],
      examples: [{ detail: 'The provider suspended your subscription. See the portal for the reason.', extra: { subscription_id: SUB_ID } }],
      related: ['payment_overdue', 'subscription_revoked'],
    },
    {
      code: 'payment_required',
      what: 'The subscription is to a paid plan and its checkout has not been completed, so it has not started yet.',
      why: ['The plan is paid. After approval (if the plan needs one), the subscription waits for the first payment.'],
      fix: [
        'Open the subscription page in the portal: the problem’s `payment_url` links to it.',
        'Complete the checkout there. The subscription becomes active and calls pass within a second.',
      ],
      who: 'Your team (whoever handles payment).',
      retry: 'Once the payment is complete.',
      fields: [SUBSCRIPTION_ID_FIELD, { name: 'payment_url', meaning: 'The subscription’s page in the portal, where the checkout is completed.' }],
      examples: [
        {
          detail: 'This plan is paid: complete the checkout to start using the API.',
          extra: { subscription_id: SUB_ID, payment_url: paymentUrl },
        },
      ],
      related: ['payment_overdue', 'subscription_pending_approval'],
    },
    {
      code: 'payment_overdue',
      what: 'A payment failed and the grace period is over, so the subscription is suspended for non-payment.',
      why: [
        'The card was declined or expired, or an invoice was not paid. During the plan’s grace period calls still passed, with a `Warning` header; that period has ended.',
      ],
      fix: [
        'Open the subscription page in the portal (the problem’s `payment_url`) and pay the open invoice, or update the payment method.',
        'Access comes back by itself within a second of the payment settling.',
      ],
      who: 'Your team (whoever handles payment).',
      retry: 'Once the payment has settled.',
      fields: [
        SUBSCRIPTION_ID_FIELD,
        { name: 'payment_url', meaning: 'The subscription’s page in the portal, where the invoice is paid.' },
        { name: 'grace_ends_at', meaning: 'When the grace period ended (or ends).' },
      ],
      examples: [
        {
          detail: 'Your payment is overdue and the grace period has ended. Pay the open invoice to restore access.',
          extra: { subscription_id: SUB_ID, payment_url: paymentUrl, grace_ends_at: '2026-11-25T09:00:00Z' },
        },
      ],
      related: ['subscription_suspended', 'payment_required'],
    },
    {
      code: 'subscription_canceled',
      what: 'The subscription was canceled, so the application may no longer call the API.',
      why: ['Someone in your team canceled it on the application’s page, or the subscription ended.'],
      fix: [
        'If you still need the API: open it in the portal’s catalogue and subscribe again, choosing this application and a plan.',
        'If the cancelation was intended, remove the API’s calls from your software.',
      ],
      who: 'Your team.',
      retry: 'Once subscribed again.',
      fields: [SUBSCRIPTION_ID_FIELD, { name: 'payment_url', meaning: 'The canceled subscription’s page in the portal.' }],
      examples: [
        { detail: 'Your subscription was canceled. Subscribe again to use the API.', extra: { subscription_id: SUB_ID, payment_url: paymentUrl } },
      ],
      related: ['not_subscribed'],
    },
    {
      code: 'quota_exhausted',
      what: 'The plan’s quota of calls for this period is used up, and the plan does not allow going over it.',
      why: [
        'The application made as many counted calls as the plan allows this period (a calendar month, or the billing period of a paid plan). Only answers the plan counts use up the quota: by default 2xx and 3xx.',
        'Several copies of your software share one application and together used it up.',
      ],
      fix: [
        'Wait for the reset: the quota starts again at `quota.resets_at`. `Retry-After` (and `retry_after`) say how many seconds that is from now, so a client can sleep exactly that long instead of retrying in a loop.',
        'Or move to a bigger plan: the plans are on the API’s page in the catalogue (`upgrade_url`). An owner or admin of the tenant can change your subscription’s plan from the subscription page.',
        'To see it coming, watch `X-Quota-Remaining` on successful responses.',
      ],
      who: 'Your team (a bigger plan), or time (the reset).',
      retry: 'After the time in `Retry-After`, when the new period starts.',
      fields: [
        { name: 'quota', meaning: '`limit` (calls per period), `used` and `resets_at` (when the next period starts).' },
        { name: 'Retry-After, retry_after', meaning: 'Seconds until the quota resets.' },
        { name: 'upgrade_url', meaning: 'The API’s page in the catalogue, with its plans.' },
        SUBSCRIPTION_ID_FIELD,
      ],
      examples: [
        {
          detail: 'Your plan’s quota for this period is used up. Upgrade your plan, or wait until the quota resets.',
          extra: {
            subscription_id: SUB_ID,
            upgrade_url: `${origin}/t/acme/catalogue/${API_ID}`,
            quota: { limit: 1000, used: 1000, resets_at: '2026-12-01T00:00:00Z' },
            retry_after: 739815,
          },
          headers: { 'Retry-After': '739815' },
        },
      ],
      related: ['rate_limited'],
    },
    {
      code: 'rate_limited',
      what: 'Too many requests in a short time: the calls came faster than allowed.',
      why: [
        'At the gateway: the plan limits requests per second and per minute, and this application went over. All copies of your software that use the application’s keys share the limit.',
        'In the management API: too many sign-in attempts in a minute from your address or for one account.',
      ],
      fix: [
        'Wait the number of seconds in `Retry-After`, then try again.',
        'Spread the calls out: queue them, cache answers you reuse, and retry with a growing delay instead of at once. `RateLimit-Remaining` on successful responses shows how much room is left.',
        'If your traffic really needs more, move to a plan with higher limits (ask an owner or admin of the tenant).',
      ],
      who: 'You, the caller.',
      retry: 'Yes, after `Retry-After` seconds.',
      fields: [{ name: 'Retry-After, retry_after', meaning: 'Seconds to wait before the next call is allowed.' }],
      examples: [
        {
          label: 'At the gateway',
          detail: 'You are sending requests faster than your plan allows. Wait and retry.',
          extra: { subscription_id: SUB_ID, retry_after: 1 },
          headers: { 'Retry-After': '1' },
        },
        {
          label: 'In the management API (sign-in)',
          detail: 'Too many sign-in attempts; wait a minute and try again.',
          headers: { 'Retry-After': '42' },
        },
      ],
      related: ['quota_exhausted'],
    },
    {
      code: 'upstream_unavailable',
      what: 'The gateway passed the call on, but the API’s own server could not be reached or gave a broken answer.',
      why: [
        'The API’s server is down, restarting, or refusing connections.',
        'Its address (the API’s upstream URL) is wrong, or its TLS certificate is not valid.',
        'It closed the connection or answered something that is not HTTP.',
      ],
      fix: [
        'As a caller: retry after a short wait, with a growing delay. If it keeps failing, tell the API’s provider and give them the request id (`instance`).',
        'As the provider: check that the upstream server runs and answers at the API’s upstream URL (APIs → the API → Settings), and look at its logs for the request id, which the gateway passes on in `X-Request-Id`.',
      ],
      who: 'The API’s provider.',
      retry: 'Yes, with a growing delay.',
      examples: [{ detail: 'The API’s server could not be reached or did not answer properly.' }],
      related: ['upstream_timeout'],
    },
    {
      code: 'upstream_timeout',
      what: 'The API’s own server did not answer in time.',
      why: [
        'The server is overloaded or the request takes longer than the API’s timeout (set by the provider, 30 seconds by default).',
      ],
      fix: [
        'As a caller: retry later; if you can, ask for less at once (smaller pages, narrower queries).',
        'As the provider: make the slow operation faster, or raise the API’s timeout in its settings.',
      ],
      who: 'The API’s provider.',
      retry: 'Yes, later. Be careful with calls that change data: the server may have done the work even though the answer came too late.',
      examples: [{ detail: 'The API’s server did not answer in time.' }],
      related: ['upstream_unavailable', 'client_closed_request'],
    },
    {
      code: 'client_closed_request',
      what: 'The caller closed the connection before the answer was ready. Nobody received an answer; the code appears only in the call log.',
      why: [
        'The caller’s own timeout is shorter than the time the API needs.',
        'The caller’s program was stopped, or the user cancelled the request or left the page.',
      ],
      fix: [
        'If the calls should have finished: raise your HTTP client’s timeout above what the API needs.',
        'Compare with the latency shown in the call log to see how long the calls ran.',
      ],
      who: 'You, the caller.',
      retry: 'Yes, with a longer timeout.',
      examples: [],
      related: ['upstream_timeout'],
    },
    {
      code: 'gateway_unavailable',
      what: 'The gateway cannot confirm right now that the call is allowed, so it refuses it rather than guess.',
      why: [
        'The gateway has been cut off from its database for longer than it may serve from its last copy of keys and subscriptions. It never answers 401 or 403 in that case: your key is fine.',
      ],
      fix: [
        'As a caller: retry after the seconds in `Retry-After`.',
        'As the operator: check the database and the gateway’s `/readyz`, which reports how old its copy is.',
      ],
      who: 'The platform’s operator.',
      retry: 'Yes, after `Retry-After` seconds.',
      fields: [{ name: 'Retry-After, retry_after', meaning: 'Seconds to wait before retrying.' }],
      examples: [{ detail: 'The gateway cannot confirm your access right now. Retry shortly.', extra: { retry_after: 5 }, headers: { 'Retry-After': '5' } }],
      related: ['unavailable'],
    },
    {
      code: 'bad_request',
      what: 'The request is malformed, so it was refused before anything else was checked.',
      why: [
        'At the gateway: the path contains dot segments (`/../`), doubled or encoded slashes (`//`, `%2F`), backslashes or invalid characters.',
        'In the management API: the body is not valid JSON, has a field the API does not know or a value of the wrong type, or is not sent as `application/json`.',
      ],
      fix: [
        'At the gateway: send a plain path, and percent-encode special characters in the query string rather than in the path.',
        'In the management API: send a single JSON object with `Content-Type: application/json`, using only the fields the API documents (see the API reference at `/api/v1/openapi.json`). `detail` says what was wrong.',
      ],
      who: 'You, the caller.',
      retry: 'Not before the request is corrected.',
      examples: [
        { label: 'At the gateway', detail: 'The request path is not allowed (encoded slashes, dot segments or invalid characters).' },
        { label: 'In the management API', detail: 'Unknown field colour.' },
      ],
      related: ['validation_failed'],
    },
    {
      code: 'payload_too_large',
      what: 'The request body is larger than accepted.',
      why: [
        'At the gateway: the body is over the gateway’s limit (10 MiB unless the operator set another).',
        'In the management API: bodies may be at most 1 MiB, and OpenAPI documents at most 5 MiB.',
      ],
      fix: ['Send a smaller body: split the data over several calls, or compress or trim it.'],
      who: 'You, the caller.',
      retry: 'Not with the same body.',
      examples: [{ detail: 'The request body is larger than the gateway accepts.' }],
    },
    {
      code: 'unauthorized',
      what: 'The management API needs to know who you are, and the call did not say, or said it with an expired or invalid token.',
      why: [
        'You are not signed in, or your session ended (sessions last 30 days; you signed out elsewhere; the password was changed).',
        'An access token was not sent, or it has expired: access tokens live 15 minutes.',
      ],
      fix: [
        'In the portal: sign in again. The portal refreshes its token by itself while the session lasts.',
        'From your own program: send `Authorization: Bearer <access token>`, and get a new token with `POST /api/v1/auth/refresh` when it expires.',
      ],
      who: 'You.',
      retry: 'After signing in again.',
      examples: [{ detail: 'The access token is invalid or expired; refresh it or sign in again.', headers: WWW_AUTH }],
      related: ['invalid_credentials', 'forbidden', 'missing_api_key'],
    },
    {
      code: 'invalid_credentials',
      what: 'The email address and password do not match an account.',
      why: [
        'A typo in the email address or the password, or Caps Lock is on.',
        'There is no account with this email yet: someone invited you, and the invitation has not been accepted.',
        'For your safety the answer is the same whether or not the email address has an account.',
      ],
      fix: [
        'Check the email address and type the password again.',
        'If you were invited, open the invitation link from the email first: it creates your account and sets your password.',
        'Still stuck? Ask an owner or admin of your tenant to invite you again.',
      ],
      who: 'You.',
      retry: 'Yes, with the right email and password. Too many attempts in a minute answer `rate_limited`.',
      examples: [{ detail: 'The email or password is incorrect.', headers: WWW_AUTH }],
      related: ['unauthorized', 'rate_limited'],
    },
    {
      code: 'forbidden',
      what: 'You are signed in, but your role or team does not allow this action.',
      why: [
        'Owners and admins manage members, teams, invitations, settings, approvals and the audit log.',
        'Only the team that owns an API (and the tenant’s admins) may change it; only the team that owns an application may use it.',
        '`detail` names what is missing.',
      ],
      fix: [
        'Ask an owner or admin of the tenant to do it for you, or to give you the role or team membership it needs.',
      ],
      who: 'The tenant’s owners and admins.',
      retry: 'Not until your access changes.',
      examples: [{ detail: 'Only the team that owns Weather and tenant admins can change it.' }],
      related: ['not_found', 'unauthorized'],
    },
    {
      code: 'not_found',
      what: 'What you asked for does not exist, or you may not see it.',
      why: [
        'The link is out of date: the object was deleted, or its id or slug is mistyped.',
        'It belongs to a tenant you are not a member of, or to an API you may not see. The answer is the same as for something that does not exist, so nobody can find out what others have.',
      ],
      fix: ['Check the address or id.', 'If it belongs to another tenant, ask one of its owners or admins for an invitation.'],
      who: 'You, or the tenant’s owners and admins.',
      retry: 'No.',
      examples: [{ detail: 'API not found.' }],
      related: ['forbidden', 'no_route'],
    },
    {
      code: 'conflict',
      what: 'The request clashes with how things are right now.',
      why: [
        'The name, slug, email or base path is already taken.',
        'The object is in a state that does not allow this: for example approving a subscription that is already active. `detail` names the current state.',
        'An application may have only one open subscription per API.',
      ],
      fix: [
        'Reload the page to see the current state; someone else may have acted first.',
        'Choose another name, slug or base path, or finish (or cancel) the open subscription before making a new one.',
      ],
      who: 'You.',
      retry: 'Not unchanged.',
      examples: [{ detail: 'Cannot approve a subscription that is active.' }],
      related: ['validation_failed'],
    },
    {
      code: 'validation_failed',
      what: 'Some fields of the request are not valid.',
      why: ['A field is missing, too long, in the wrong format, or out of range. Each one is listed in `errors`, with the field’s name and what is wrong.'],
      fix: ['Correct every field listed in `errors` and send the request again. In the portal, the messages appear under the fields.'],
      who: 'You, the caller.',
      retry: 'After correcting the fields.',
      fields: [{ name: 'errors', meaning: 'One entry per invalid field: `field` and `message`.' }],
      examples: [
        {
          detail: '1 field is invalid.',
          extra: { errors: [{ field: 'email', message: 'must be a valid email address like name@example.com' }] },
        },
      ],
      related: ['bad_request'],
    },
    {
      code: 'stripe_not_connected',
      what:
        'The organisation has not connected a Stripe account yet, so Tollgate cannot take payments, list or create prices, or compare subscriptions with Stripe.',
      why: [
        'No Stripe secret key is stored for this tenant under Settings → Stripe, and the platform’s operator has not set one for every tenant.',
        'An owner removed the key.',
      ],
      fix: [
        'An owner of the tenant opens Settings → Stripe in the portal, pastes a Stripe secret key (`sk_…`) or restricted key (`rk_…`) and saves.',
        'Add the signing secret (`whsec_…`) of the webhook endpoint created in Stripe too, so that Stripe’s payment confirmations are accepted.',
        'Press Test connection, then try again.',
      ],
      who: 'The tenant’s owners.',
      retry: 'Once Stripe is connected.',
      examples: [{ detail: 'This organisation has not connected Stripe yet: an owner adds its key under Settings, Stripe.' }],
      related: ['stripe_error', 'conflict'],
    },
    {
      code: 'stripe_error',
      what: 'Stripe refused the request or could not be reached. Nothing was changed in Tollgate.',
      why: [
        'Stripe is down or slow, or the network between Tollgate and Stripe failed.',
        'Stripe refused the secret key: it was revoked or rolled, or a restricted key lacks a permission. `detail` says what Stripe answered.',
        'Stripe refused the request itself, for example a price in a currency the account cannot use.',
      ],
      fix: [
        'Try again in a moment: nothing was changed, so repeating is safe.',
        'If `detail` says Stripe refused the key, an owner replaces it under Settings → Stripe and presses Test connection.',
        'If it keeps failing, look at Stripe’s status page, then tell whoever runs this Tollgate, with the request id.',
      ],
      who: 'You (try again), or the tenant’s owners (the key).',
      retry: 'Yes: nothing was changed.',
      examples: [{ detail: 'Stripe could not be reached; nothing was changed, try again in a moment.' }],
      related: ['stripe_not_connected', 'unavailable'],
    },
    {
      code: 'internal',
      what: 'Something went wrong on the server. It is not caused by your request.',
      why: ['An unexpected failure in Tollgate. The details are logged for the operator, with the request id, and are never shown to callers.'],
      fix: [
        'Try again in a moment.',
        'If it keeps failing, report the request id (`instance`, also in the `X-Request-Id` header) to whoever runs this Tollgate: it finds the details in their logs.',
      ],
      who: 'The platform’s operator.',
      retry: 'Yes, once or twice.',
      examples: [{ detail: `Something went wrong on our side. Try again; if it keeps failing, report the request id ${EXAMPLE_REQUEST_ID}.` }],
      related: ['unavailable'],
    },
    {
      code: 'unavailable',
      what: 'The service cannot handle the request right now.',
      why: ['Something it depends on, such as its database or the payment provider, is unreachable for the moment.'],
      fix: ['Try again shortly; if `Retry-After` is sent, wait that many seconds.', 'If it lasts, tell whoever runs this Tollgate, with the request id.'],
      who: 'The platform’s operator.',
      retry: 'Yes, shortly.',
      examples: [{ detail: 'The service is unavailable. Try again shortly.' }],
      related: ['internal', 'gateway_unavailable'],
    },
  ];
}

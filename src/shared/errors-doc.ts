import { ERRORS, type ErrorCode } from './errors.ts';

const SOURCE_TITLE = {
  common: 'Common errors (Tencent Cloud API 3.0)',
  CreateIVRSession: 'CreateIVRSession business errors',
} as const;

/** docs/errors.md, generated from the registry so the two cannot drift (a test compares them). */
export function renderErrorsDoc(): string {
  const lines = [
    '# API error codes',
    '',
    '<!-- Generated from src/shared/errors.ts by `npm run docs:errors`; do not edit by hand. -->',
    '',
    'Every error is answered with HTTP 200 and `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`,',
    'which is how the official Tencent Cloud SDKs surface it (`err.code`). Messages may carry details',
    'after the default text shown here. Line failures (busy, no answer, ...) are not API errors: they',
    'end the session and appear in the CDR as `EndStatus` (see docs/api.md).',
    '',
    'The recording download route (`GET /recordings/<RecordId>.wav`, docs/recordings.md) is not an API',
    'action: it answers its errors with the same body under HTTP 403 (signature) or 404 (no such recording).',
    '',
  ];
  for (const source of ['common', 'CreateIVRSession'] as const) {
    const codes = (Object.keys(ERRORS) as ErrorCode[]).filter((c) => ERRORS[c].source === source).sort();
    if (codes.length === 0) continue;
    lines.push(`## ${SOURCE_TITLE[source]}`, '', '| Code | Default message | When openccc answers with it |', '| --- | --- | --- |');
    for (const c of codes) lines.push(`| \`${c}\` | ${ERRORS[c].message} | ${ERRORS[c].when} |`);
    lines.push('');
  }
  return lines.join('\n');
}

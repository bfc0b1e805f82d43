// The preset dictionary of packed account states, format 1 (see packed-state.ts). Deflate reaches back
// into it for matches, so a state's field names and enum values cost a few bits each instead of
// their letters: on the sample world's accounts it makes the packed state a fifth to a quarter smaller
// than deflate alone. It holds only the shape of AccountState (field names, enum values, the ISO time
// layout), never a program's ids or a person's data, so it fits every deployment alike.
//
// FROZEN: every stored format-1 item was deflated against these exact bytes, and inflating it needs
// them back. A better dictionary is a new format number next to this one, never an edit of it
// (test/adapters/packed-state.test.ts pins its digest). The most frequent fragments come last, where
// deflate's match distances are shortest.
const FRAGMENTS_V1: readonly string[] = [
  '{"accountId":"","version":0,"programId":"default","enrollment":{"at":"","programHash":"","group":"treatment","holdoutPercent":10},',
  '"group":"control","group":"excluded",',
  '"profile":{"name":"","plan":"","industry":"","employees":100,"timeZone":"Asia/Tokyo","locale":"ja","contractStart":"","touchModel":"tech","csOwner":{"name":"","email":""}},',
  '"touchModel":"low","touchModel":"high","timeZone":"America/","timeZone":"Europe/","locale":"en",',
  '"profileStamp":null,"onboardingCompletedAt":null,"phase":"onboarding","phase":"adoption","phase":"expansion-ready","phase":"ended","phaseChangedAt":null,',
  '"pendingUsage":["|"],',
  '"health":{"at":"","score":100,"atRisk":true,"usageDrop":true,"dauMau":0.5,"activeDays30":10,"previousActiveDays30":10},',
  '"cadence":{"step":0,"retryAt":null,"nextDueAt":null},"lastEventAt":null}',
  '"suppressed":{"reason":"unsubscribed","at":""},"suppressed":{"reason":"bounced","at":""},"suppressed":{"reason":"complained","at":""},',
  '"consent":{"basis":"opt-in","at":"","source":"","eventId":""},"basis":"business-relationship","basis":"written","basis":"published",',
  '"topicOptOuts":{"promotional":""},"reonboarding":"pending","reonboarding":"done",',
  '{"touchId":"re-onboarding.","kind":"re-onboarding","subject":"","at":""},',
  '{"touchId":"re-engagement.","kind":"re-engagement","subject":"step-","at":""},',
  '{"touchId":"webinar-invite.","kind":"webinar-invite","subject":"","at":""},',
  '{"touchId":"success-story.","kind":"success-story","subject":"","at":""},',
  '{"touchId":"milestone-nudge.","kind":"milestone-nudge","subject":"","at":""},',
  '"activeDays":{},"actionDays":{},"actionsFirstSeen":{},"milestones":{},"health":null,',
  '"cadence":{"step":1,"retryAt":null,"nextDueAt":"T00:00:00.000Z"},"lastEventAt":"',
  '"contacts":{"":{"contactId":"","email":null,"name":null,"role":null,"locale":null,"firstSeenAt":"","lastActiveAt":null,"stamp":null,',
  '"removed":false,"suppressed":null,"reonboarding":"none","touches":[]},',
  '"":{"contactId":"","email":"@example.com","name":"","role":"owner","locale":"ja","firstSeenAt":"","lastActiveAt":"",',
  '"stamp":{"at":"","eventId":""},"removed":false,"suppressed":null,"reonboarding":"none",',
  '"touches":[{"touchId":"feature-tip.","kind":"feature-tip","subject":"","at":":00:00.000Z"}]},',
  '"":{"contactId":"","email":"@","name":"","role":"admin","locale":"en","firstSeenAt":"","lastActiveAt":"",',
  '"stamp":{"at":"","eventId":""},"removed":false,"suppressed":null,"reonboarding":"none","touches":[]},',
  '"":{"contactId":"","email":"@","name":"","role":"member","locale":"ja","firstSeenAt":"","lastActiveAt":"",',
  '"stamp":{"at":"","eventId":""},"removed":false,"suppressed":null,"reonboarding":"none","touches":[]}},',
  '"activeDays":{"":[""],"":["",""]},"actionDays":{"":[""]},"actionsFirstSeen":{"":":00.000Z"},"milestones":{"":"T00:00:00.000Z"},',
  '"health":{"at":"T00:00:00.000Z","score":90,"atRisk":false,"usageDrop":false,"dauMau":0.3,"activeDays30":20,"previousActiveDays30":20},',
  '"cadence":{"step":2,"retryAt":null,"nextDueAt":"T00:00:00.000Z"},"lastEventAt":"T00:00:00.000Z"}',
];

export const PACKED_STATE_DICTIONARY_V1: Buffer = Buffer.from(FRAGMENTS_V1.join(''), 'utf8');

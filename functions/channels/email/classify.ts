import { isDeliverySystem } from './addresses.ts';

/** Verdicts SES computed on receipt: `PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`, or absent. */
export interface Verdicts {
  spam?: string | undefined;
  virus?: string | undefined;
  spf?: string | undefined;
  dkim?: string | undefined;
  dmarc?: string | undefined;
  /** Only present when DMARC failed: the sender domain's policy (`none`, `quarantine`, `reject`). */
  dmarcPolicy?: string | undefined;
}

/** Whether the From address is proven, and by what. */
export interface SenderProof {
  trust: 'verified' | 'claimed';
  evidence: string;
}

/**
 * What SES's verdicts prove about the From address. A DMARC pass proves it (SPF or DKIM passed
 * for the From domain itself); where the domain publishes no DMARC policy (`GRAY`), SPF and DKIM
 * both passing is taken as proof. Anything else leaves the address a claim: a forged From must
 * never reach a customer's record.
 */
export function senderProof(verdicts: Verdicts): SenderProof {
  const dmarc = verdicts.dmarc?.toUpperCase();
  if (dmarc === 'PASS') return { trust: 'verified', evidence: 'ses:dmarc' };
  if (dmarc === 'GRAY' && verdicts.spf?.toUpperCase() === 'PASS' && verdicts.dkim?.toUpperCase() === 'PASS')
    return { trust: 'verified', evidence: 'ses:spf+dkim' };
  const seen = (['dmarc', 'spf', 'dkim'] as const).map((name) => `${name}=${verdicts[name] ?? 'none'}`);
  return { trust: 'claimed', evidence: `ses:${seen.join(',')}`.toLowerCase() };
}

/** Reads every value of a header, names compared case-insensitively. */
export type HeaderReader = (name: string) => string[];

export interface Classification {
  quarantined: boolean;
  autoReply: boolean;
  bounce: boolean;
  /** Why, in words an agent can read next to the message. */
  reasons: string[];
}

export interface ClassifyInput {
  header: HeaderReader;
  verdicts: Verdicts;
  fromAddress?: string | undefined;
  /** Envelope sender; an empty string is the null sender (`MAIL FROM:<>`). */
  envelopeSender?: string | undefined;
  contentType?: string | undefined;
  reportType?: string | undefined;
  subject?: string | undefined;
}

const AUTO_REPLY_SUBJECT =
  /^\s*(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheitsnotiz|automatische antwort|réponse automatique|respuesta automática|risposta automatica)\b/i;

/**
 * Decides whether a message is quarantined (SES found spam or a virus, or the sender's domain
 * asks for failing mail to be refused), an automatic reply, or a delivery report. None of these
 * asks for an agent, and none may be answered: answering machines is how mail loops start.
 */
export function classify(input: ClassifyInput): Classification {
  const reasons: string[] = [];
  const { verdicts } = input;
  const spam = isFail(verdicts.spam ?? firstHeader(input.header, 'x-ses-spam-verdict'));
  const virus = isFail(verdicts.virus ?? firstHeader(input.header, 'x-ses-virus-verdict'));
  const dmarcEnforced =
    isFail(verdicts.dmarc) && ['quarantine', 'reject'].includes((verdicts.dmarcPolicy ?? '').toLowerCase());
  if (spam) reasons.push('spam verdict FAIL');
  if (virus) reasons.push('virus verdict FAIL');
  if (dmarcEnforced) reasons.push(`DMARC failed and the sender's domain asks to ${verdicts.dmarcPolicy} it`);

  const bounceReason = bounceEvidence(input);
  if (bounceReason) reasons.push(bounceReason);
  const autoReason = bounceReason ? undefined : autoReplyEvidence(input);
  if (autoReason) reasons.push(autoReason);

  return {
    quarantined: spam || virus || dmarcEnforced,
    autoReply: Boolean(autoReason),
    bounce: Boolean(bounceReason),
    reasons,
  };
}

function isFail(status: string | undefined): boolean {
  return status?.trim().toUpperCase() === 'FAIL';
}

function firstHeader(header: HeaderReader, name: string): string | undefined {
  return header(name)[0];
}

function bounceEvidence(input: ClassifyInput): string | undefined {
  if (
    input.contentType?.toLowerCase() === 'multipart/report' &&
    input.reportType?.toLowerCase() === 'delivery-status'
  )
    return 'delivery status report (bounce)';
  if (isDeliverySystem(input.fromAddress)) return `sent by ${input.fromAddress} (bounce)`;
  if (input.header('x-failed-recipients').length) return 'X-Failed-Recipients present (bounce)';
  return undefined;
}

function autoReplyEvidence(input: ClassifyInput): string | undefined {
  const autoSubmitted = firstHeader(input.header, 'auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = firstHeader(input.header, 'precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence))
    return `Precedence: ${precedence}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    const value = firstHeader(input.header, name);
    if (value !== undefined && !/^(no|false|0)$/i.test(value.trim())) return `${name} present`;
  }
  if (/autorespon|auto.?reply/i.test(firstHeader(input.header, 'x-post-messageclass') ?? ''))
    return 'X-POST-MessageClass: autoresponder';
  if (input.envelopeSender === '') return 'null envelope sender (automatic message)';
  if (input.subject && AUTO_REPLY_SUBJECT.test(input.subject)) return 'automatic reply subject';
  return undefined;
}

// Unsubscribe, the part of the construct behind the link in every email: the HMAC key that signs the
// links' tokens, and the public function URL that records the opt-out (RFC 8058 one-click POST, or a
// person's click on the page). The same URL serves the survey page at `/survey`: a survey link's
// token is signed with the same key, and the answer goes on the bus as a `Survey Answered` event.
import { type FunctionUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { acknowledgeSigningKeyWithoutRotation } from './acknowledgements.js';
import { grantUnsubscribe } from './grants.js';
import type { HandlerFunction } from './handler-function.js';
import type { PartProps } from './teichaku-functions.js';

export interface UnsubscribeProps extends PartProps {
  /** Concurrency reserved for the function, which is also its ceiling (Hardening.unsubscribeReservedConcurrency). */
  readonly reservedConcurrency: number;
  /** The product's event source: survey answers go on the bus with it, as `Survey Answered`. */
  readonly eventSource: string;
}

export class Unsubscribe {
  /** The HMAC key of unsubscribe tokens; functions get its ARN, never its value. */
  public readonly signingKey: Secret;
  public readonly function: HandlerFunction;
  /** The public one-click unsubscribe endpoint. */
  public readonly url: FunctionUrl;

  constructor(scope: Construct, props: UnsubscribeProps) {
    // The initial value is one bare key, which the functions read as key id k0; `teichaku keys rotate`
    // turns it into the key ring (signing-keys.ts). generateSecretString must stay as it is: on any
    // change to it CloudFormation generates a new value, which would replace every key, rotated ones
    // too, and break each link already sent (aws-cdk#19985).
    this.signingKey = new Secret(scope, 'UnsubscribeSigningKey', {
      description: 'teichaku: HMAC-SHA256 key of one-click unsubscribe tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.removalPolicy,
    });
    acknowledgeSigningKeyWithoutRotation(this.signingKey);

    // Reserved concurrency is also its ceiling: a flood on the public URL is throttled here, and cannot
    // take the account's concurrency from ingest and sending.
    this.function = props.functions.make(
      'unsubscribe',
      { UNSUBSCRIBE_SECRET_ARN: this.signingKey.secretArn },
      {
        description: 'one-click unsubscribe page and RFC 8058 POST; the survey page',
        reservedConcurrency: props.reservedConcurrency,
      },
    );
    // Public on purpose: the link in an email and the mailbox provider's one-click POST (RFC 8058) come
    // without AWS credentials. The HMAC-signed, expiring token in the URL is the authentication, and
    // the function can do nothing but record an opt-out, or put a survey answer, for the contact the token names.
    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    grantUnsubscribe(this.function, { ...props, signingKey: this.signingKey });
  }
}

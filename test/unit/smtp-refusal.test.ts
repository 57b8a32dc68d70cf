import { describe, expect, it } from 'vitest';
import { classifySmtpFailure } from '../../src/smtp/refusal.ts';
import { IntakeError, errorFromPlain, errorToPlain } from '../../src/util/errors.ts';
import { headerMessageId } from '../../src/mail/header-id.ts';

/** As nodemailer's SMTPConnection reports them (code, command, responseCode, response), wrapped as the mailer does. */
function smtpError(code: string, command: string, responseCode: number | undefined, response: string): IntakeError {
  const cause = Object.assign(new Error(response), { code, command, responseCode, response });
  return new IntakeError('ESMTPSEND', `SMTP send failed: ${response}`, { smtpCode: responseCode }, { cause });
}

describe('whose fault an SMTP failure is', () => {
  it('AUTH refused is a fault of the system', () => {
    const f = classifySmtpFailure(smtpError('EAUTH', 'AUTH PLAIN', 535, '535 5.7.8 Authentication credentials invalid'));
    expect(f.fault).toBe('system');
    expect(f.reason).toMatch(/authentication refused.*535/i);
  });
  it('our sender refused at MAIL FROM is a fault of the system', () => {
    expect(classifySmtpFailure(smtpError('EENVELOPE', 'MAIL FROM', 550, '550 5.7.1 Sender not allowed')).fault).toBe('system');
    expect(classifySmtpFailure(smtpError('EENVELOPE', 'MAIL FROM', 553, '553 sorry')).fault).toBe('system');
  });
  it('relaying refused at RCPT is a fault of the system', () => {
    expect(classifySmtpFailure(smtpError('EENVELOPE', 'RCPT TO', 554, '554 5.7.1 Relay access denied')).fault).toBe('system');
    expect(classifySmtpFailure(smtpError('EENVELOPE', 'RCPT TO', 530, '530 Authentication required')).fault).toBe('system');
    expect(classifySmtpFailure(smtpError('EENVELOPE', 'RCPT TO', 550, '550 relaying denied')).fault).toBe('system');
  });
  it('a recipient that does not exist, or a refused message, is the fault of that mail', () => {
    expect(classifySmtpFailure(smtpError('EENVELOPE', 'RCPT TO', 550, '550 5.1.1 No such user')).fault).toBe('mail');
    expect(classifySmtpFailure(smtpError('EMESSAGE', 'DATA', 552, '552 Message too large')).fault).toBe('mail');
    expect(classifySmtpFailure(smtpError('EENVELOPE', 'API', undefined, 'Invalid recipient "a@b>"')).fault).toBe('mail');
  });
  it('temporary failures and lost connections are retried', () => {
    expect(classifySmtpFailure(smtpError('EENVELOPE', 'RCPT TO', 451, '451 try later')).fault).toBe('transient');
    expect(classifySmtpFailure(smtpError('ECONNECTION', 'CONN', undefined, 'connect ECONNREFUSED')).fault).toBe('transient');
    expect(classifySmtpFailure(new Error('socket hang up')).fault).toBe('transient');
  });
  it('reads the same after the error crossed from the sender thread', () => {
    const errors = [
      smtpError('EAUTH', 'AUTH PLAIN', 535, '535 5.7.8 Authentication credentials invalid'),
      smtpError('EENVELOPE', 'RCPT TO', 554, '554 5.7.1 Relay access denied'),
      smtpError('EENVELOPE', 'RCPT TO', 550, '550 5.1.1 No such user'),
      smtpError('ECONNECTION', 'CONN', undefined, 'connect ECONNREFUSED'),
      new IntakeError('ECLAIMLOST', 'the send claim expired', { key: 'k' }),
    ];
    for (const err of errors) {
      // What postMessage delivers of the plain form, as the main thread receives it.
      const crossed = errorFromPlain(structuredClone(errorToPlain(err)));
      expect(classifySmtpFailure(crossed)).toEqual(classifySmtpFailure(err));
      expect(crossed).toBeInstanceOf(IntakeError);
      expect((crossed as IntakeError).code).toBe(err.code);
      expect((crossed as IntakeError).context).toEqual(err.context);
    }
  });
});

describe('headerMessageId', () => {
  it('reads the Message-ID of the header only, folded or not', () => {
    expect(headerMessageId(Buffer.from('From: a@b\r\nMessage-ID: <x1@y>\r\n\r\nbody'))).toBe('x1@y');
    expect(headerMessageId(Buffer.from('Message-Id:\r\n <x2@y>\r\n\r\n'))).toBe('x2@y');
    expect(headerMessageId(Buffer.from('From: a@b\r\n\r\nMessage-ID: <in-body@y>\r\n'))).toBeNull();
  });
});

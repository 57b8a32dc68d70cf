import { describe, expect, it } from 'vitest';
import { findSecrets, redactSecrets } from '../../src/analysis/secrets.ts';

const kinds = (text: string): string[] => findSecrets(text, 'body').map((f) => f.kind);

describe('secret detection: common formats', () => {
  it.each([
    ['pw: Hunter2024!', 'password'],
    ['PW=s3cr3tValue', 'password'],
    ['export PGPASSWORD=Tr0ub4dor', 'password'],
    ['MYSQL_PWD=Tr0ub4dor mysql -u root', 'password'],
    ['DB_PASSWORD="x7Gq-92kLm"', 'password'],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'password'],
    ['postgres://etl_user:Sup3rS3cret@db.internal:5432/prod', 'password'],
    ['curl -u admin:Passw0rd123 https://api.example.com', 'password'],
    ['https://api.example.com/v1/export?format=csv&api_key=8f3b2a9c7d6e5f4a3b2c', 'bearer_token'],
    ['https://bucket.s3.amazonaws.com/f.csv?X-Amz-Signature=abcdef0123456789abcdef', 'bearer_token'],
    ['token ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', 'bearer_token'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'bearer_token'],
    ['SLACK_TOKEN=xoxb-123456789012-abcdefghijkl', 'bearer_token'],
    ['access_token: ya29.A0ARrdaM-abcdefghijklmnop', 'bearer_token'],
    // a Ruby hash's `=>`, a Salesforce session ID with its '!'
    ["'secret_access_key' => 'k9Vt2hQw8LmZp4RcXy7Bn3Jd6Fs1Ga5Ue0Io8Kq4',", 'aws_secret_key'],
    // a key a character short is still a key
    ['#   secret_access_key: 9fKq2Lr7Vb+Tn3Xw8Yp1Zs6Hc4Jd0Me5Ua/GiQo', 'aws_secret_key'],
    // Salesforce's security token goes with the password
    ['  security_token: 8fKq2Lw0PzNn3vTyU1aB', 'password'],
    // an AWS key pair as a URL's user and password
    ['result_url: s3://AKIA4Q7ZK2VN8R3XW5TB:wJ9pR2mX7kL4vT8qN1sB6dF3hZ0cY5gA2eU7iO9w@/bucket/path', 'aws_secret_key'],
    // Java properties
    ['aws.secret.access.key=kK+dokvEy0KK/gtPBsqxJS4E3vwki/O7HEya9zOm', 'aws_secret_key'],
    // a password handed to code as key and value
    ['props.setProperty("password", "Skw#2026etl!");', 'password'],
    ['config.put(\'passwd\', \'r7Tq!x92\')', 'password'],
    ['-H "Authorization: Bearer 00D5g000004XyZ1!AQ8AQHk2vT9bLmN3pQrS7uVwXyZ0aBcDeFgHiJkLmNo1234"', 'bearer_token'],
  ])('finds %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
    expect(redactSecrets(text)).toContain(`[REDACTED:${kind}]`);
  });

  it('accepts a value containing "example" or "sample" as the secret it is', () => {
    expect(kinds('password: Example2024!')).toEqual(['password']);
    expect(kinds('pw: sampleKey#991')).toEqual(['password']);
    expect(kinds('postgres://u:myexamplepw@db/x')).toEqual(['password']);
  });

  it.each([
    'password: ********',
    'password: xxxx',
    // a JWT cut after its header
    '"access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.<redacted>", "expires_in": 1079',
    'pw: <your password>',
    'PGPASSWORD=$PGPASS',
    'PGPASSWORD=${DB_PASSWORD}',
    'password: example',
    'password: your_password_here',
    'api_key: YOUR_API_KEY_HERE',
    'postgres://user:***@db/x',
    'Authorization: Basic [REDACTED]',
    'password: (see vault)',
    'pass: true',
    'パスワード：変更済み',
    'https://console.treasuredata.com/app/jobs/123456?tab=output&page=2',
  ])('takes %s for a mask or no secret at all', (text) => {
    expect(kinds(text)).toEqual([]);
  });

  it('keeps the label and the context when redacting', () => {
    expect(redactSecrets('Subject: login fails, pw: Hunter2024!')).toBe('Subject: login fails, pw: [REDACTED:password]');
    expect(redactSecrets('see https://u:Sup3rS3cret@ftp.example.com/x')).toBe('see https://u:[REDACTED:password]@ftp.example.com/x');
  });

  it('stays fast on long hostile runs', () => {
    const inputs = [
      'A'.repeat(200_000),
      'password:'.repeat(20_000),
      'a://b:'.repeat(30_000),
      `${'x_'.repeat(50_000)}TOKEN`,
      '?token='.repeat(20_000),
    ];
    for (const input of inputs) {
      const t0 = performance.now();
      redactSecrets(input);
      // Generous: a quadratic pattern takes minutes on these, a linear one milliseconds.
      expect(performance.now() - t0).toBeLessThan(2_000);
    }
  });
});

describe('secret detection: an OpenPGP secret key', () => {
  const block = [
    '-----BEGIN PGP PRIVATE KEY BLOCK-----',
    '',
    'lQOYBGZ1x9wBCADQ7k2Xr8vP3mN9qL4tY6wZ1aB5cD7eF9gH2iJ4kL6mN8oP0qR',
    'S2tU4vW6xY8zA1bC3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3h',
    '=Xk9P',
    '-----END PGP PRIVATE KEY BLOCK-----',
  ].join('\n');
  it('is found and redacted whole', () => {
    expect(kinds(`Here is the key for the SFTP job:\n${block}`)).toEqual(['private_key']);
    expect(redactSecrets(block)).not.toContain('lQOYBGZ1x9wBCADQ7k2Xr8vP3mN9qL4tY6wZ1aB5cD7eF9gH2iJ4kL6mN8oP0qR');
  });
});

/**
 * Certificate authorities that issue certificates free of charge (ACME). EX-3: some cloud
 * integrations refuse such certificates, so tls.trust warns (never fails) when one issued
 * the chain. Matched on the issuer's organization (O=) as the CAs write it.
 */
export const FREE_CA_ORGANIZATIONS: readonly { readonly organization: RegExp; readonly name: string }[] = [
  { organization: /^Let's Encrypt$/i, name: "Let's Encrypt" },
  { organization: /^\(STAGING\) Let's Encrypt$/i, name: "Let's Encrypt (staging)" },
  { organization: /^ZeroSSL$/i, name: 'ZeroSSL' },
  { organization: /^cPanel, Inc\.$/i, name: 'cPanel AutoSSL' },
];

/** The free CA named in an issuer DN (Node's multi-line form), if any. */
export function freeCaOf(issuerDn: string): string | undefined {
  const organizations = issuerDn
    .split(/\n/)
    .map((part) => /^O=(.*)$/.exec(part.trim())?.[1])
    .filter((o): o is string => o !== undefined);
  return FREE_CA_ORGANIZATIONS.find((ca) => organizations.some((o) => ca.organization.test(o)))?.name;
}

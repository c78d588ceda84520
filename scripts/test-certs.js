#!/usr/bin/env node
// Throwaway certificates for trying TLS and for the tests: a CA, server
// certificates for given hosts, client certificates, all signed by the CA.
// Never use them for anything real; they are generated fresh every time and
// must never be committed.
//
//   node scripts/test-certs.js [DIR] [HOST...]     (default: certs httpbin.example.com)
//
// writes DIR/ca.crt, DIR/ca.key, DIR/<host>.crt, DIR/<host>.key, DIR/client.crt, DIR/client.key
'use strict';
require('reflect-metadata');
const { webcrypto } = require('crypto');
const fs = require('fs');
const path = require('path');
const x509 = require('@peculiar/x509');

x509.cryptoProvider.set(webcrypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 60 * 60 * 1000;
let serial = 0;

async function keyPair() {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

async function privateKeyPem(keys) {
  const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function nextSerial() {
  serial += 1;
  return `0${(Date.now() * 1000 + serial).toString(16)}`;
}

/**
 * A self-signed CA.
 * @param {{ name?: string, notBefore?: Date, notAfter?: Date }} [options]
 * @returns {Promise<{ certificate: string, privateKey: string, cert: any, keys: CryptoKeyPair }>}
 */
async function createCa(options = {}) {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: `CN=${options.name ?? 'cdk8s-istio-ingress test CA'}`,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 30 * DAY),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate: cert.toString('pem'), privateKey: await privateKeyPem(keys), cert, keys };
}

/**
 * A leaf certificate signed by `ca`: a server certificate for `hosts`, or a client certificate.
 * @param {{ cert: any, keys: CryptoKeyPair }} ca
 * @param {{ hosts?: string[], commonName?: string, client?: boolean, notBefore?: Date, notAfter?: Date }} options
 * @returns {Promise<{ certificate: string, privateKey: string }>}
 */
async function createLeaf(ca, options) {
  const keys = await keyPair();
  const hosts = options.hosts ?? [];
  const extensions = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([options.client ? x509.ExtendedKeyUsage.clientAuth : x509.ExtendedKeyUsage.serverAuth]),
  ];
  if (hosts.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(hosts.map((value) => ({ type: 'dns', value }))));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: `CN=${options.commonName ?? hosts[0] ?? 'client'}`,
    issuer: ca.cert.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 30 * DAY),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions,
  });
  return { certificate: cert.toString('pem'), privateKey: await privateKeyPem(keys) };
}

async function main() {
  const [dir = 'certs', ...hosts] = process.argv.slice(2);
  const serverHosts = hosts.length > 0 ? hosts : ['httpbin.example.com'];
  fs.mkdirSync(dir, { recursive: true });
  const write = (name, text) => fs.writeFileSync(path.join(dir, name), text, { mode: 0o600 });
  const ca = await createCa();
  write('ca.crt', ca.certificate);
  write('ca.key', ca.privateKey);
  for (const host of serverHosts) {
    const leaf = await createLeaf(ca, { hosts: [host] });
    write(`${host}.crt`, leaf.certificate);
    write(`${host}.key`, leaf.privateKey);
  }
  const client = await createLeaf(ca, { client: true, commonName: 'client.example.com' });
  write('client.crt', client.certificate);
  write('client.key', client.privateKey);
  console.log(`wrote a throwaway CA, server certificates for ${serverHosts.join(', ')} and a client certificate to ${dir}/`);
}

module.exports = { createCa, createLeaf };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

import fs from "node:fs";
import path from "node:path";
import { run } from "./private-dockerd";

// Certificates for a TLS Docker endpoint on 127.0.0.1, made with openssl in `dir`: a CA, a server certificate for
// IP 127.0.0.1 (subjectAltName) and a client certificate, both signed by that CA; and a second CA that signed nothing
// (a client that trusts only it must refuse the server).

export interface TlsFiles {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that did not sign the server's certificate. */
  otherCa: string;
}

const openssl = (dir: string, ...args: string[]) => run("openssl", args, { cwd: dir, timeout: 30_000 });

async function makeCa(dir: string, name: string): Promise<void> {
  await openssl(
    dir,
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
    "-keyout",
    `${name}-key.pem`,
    "-out",
    `${name}.pem`,
  );
}

async function signed(dir: string, name: string, extensions: string): Promise<void> {
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
  await openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${name}`, "-keyout", `${name}-key.pem`, "-out", `${name}.csr`);
  await openssl(
    dir,
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca-key.pem",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.pem`,
  );
}

export async function makeTlsFiles(dir: string): Promise<TlsFiles> {
  fs.mkdirSync(dir, { recursive: true });
  await makeCa(dir, "ca");
  await makeCa(dir, "other-ca");
  await signed(dir, "server", "subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n");
  await signed(dir, "client", "extendedKeyUsage = clientAuth\n");
  const at = (file: string) => path.join(dir, file);
  return {
    ca: at("ca.pem"),
    serverCert: at("server.pem"),
    serverKey: at("server-key.pem"),
    clientCert: at("client.pem"),
    clientKey: at("client-key.pem"),
    otherCa: at("other-ca.pem"),
  };
}

package org.hearthgate.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the broker connection, built from PEM files with the JDK alone (what Mosquitto and {@code openssl} write).
 *
 * <p>The broker's certificate is always verified: against the CA file when one is given (a private CA is the normal
 * case, and then only that CA is trusted), else against the JDK's public CAs. The host name is checked by Paho
 * ({@link MqttLink} turns it on). A hub proves who it is with its own certificate and private key; Mosquitto's
 * {@code use_identity_as_username} then makes the certificate's CN its user name, which the ACL is written against.
 *
 * <p>Every problem with a file is found here, at start-up, and named: which setting, which file, what is wrong and,
 * where it helps, the {@code openssl} line that fixes it.
 */
public final class Tls {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String TO_PKCS8 = "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8";

    private Tls() {
    }

    /** A file that cannot be used: {@code key} is the setting that named it ({@code caFile}, {@code certFile}, …). */
    public static final class BadFile extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String key;

        BadFile(String key, Path file, String why) {
            super(key + ": " + file + ": " + why);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * The socket factory a configuration's broker settings ask for (hub.yaml and cloud.yaml read the same keys):
     * null when no file is given (plain TCP, or the JDK's public CAs for {@code ssl://}).
     *
     * @throws IllegalArgumentException naming the key when TLS files come with a URL that is not {@code ssl://}/{@code wss://}
     */
    public static SSLSocketFactory forBroker(String url, String caFile, String certFile, String keyFile) {
        if (caFile == null && certFile == null && keyFile == null) {
            return null;
        }
        if (!url.startsWith("ssl://") && !url.startsWith("wss://")) {
            String key = caFile != null ? "caFile" : certFile != null ? "certFile" : "keyFile";
            throw new IllegalArgumentException(key + ": TLS files need an ssl:// (or wss://) url, not " + url);
        }
        return socketFactory(path(caFile), path(certFile), path(keyFile));
    }

    private static Path path(String file) {
        return file == null ? null : Path.of(file);
    }

    /**
     * A socket factory for {@code ssl://} broker URLs.
     *
     * @param caFile   PEM certificate(s) of the CA that signed the broker's certificate; null trusts the JDK's public CAs
     * @param certFile PEM client certificate (optionally followed by its intermediate CAs); null for none
     * @param keyFile  the client certificate's unencrypted private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), or the
     *                 older PKCS#1 RSA / SEC1 EC forms; null exactly when {@code certFile} is null
     * @throws BadFile naming the setting and the file when a file is missing, unreadable, not PEM or does not fit
     */
    public static SSLSocketFactory socketFactory(Path caFile, Path certFile, Path keyFile) {
        if ((certFile == null) != (keyFile == null)) {
            String missing = certFile == null ? "certFile" : "keyFile";
            throw new IllegalArgumentException(missing + ": give both certFile and keyFile, or neither");
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                List<X509Certificate> cas = certificates("caFile", caFile);
                for (int i = 0; i < cas.size(); i++) {
                    trusted.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf.init(trusted);
            }
            KeyManager[] keyManagers = null;
            if (certFile != null) {
                List<X509Certificate> chain = certificates("certFile", certFile);
                PrivateKey key = privateKey(keyFile);
                if (!belongTogether(key, chain.get(0).getPublicKey())) {
                    throw new BadFile("keyFile", keyFile, "this key does not belong to the certificate in " + certFile);
                }
                char[] none = new char[0];
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                own.setKeyEntry("client", key, none, chain.toArray(X509Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(own, none);
                keyManagers = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            // the JDK's own stores and algorithms: not something a setting can fix
            throw new IllegalStateException("cannot set up TLS: " + e, e);
        }
    }

    /** Every certificate in a PEM file, the first one first. */
    static List<X509Certificate> certificates(String key, Path file) {
        List<X509Certificate> out = new ArrayList<>();
        List<Block> blocks = blocks(key, file, "CERTIFICATE");
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (Block b : blocks) {
                if (b.type().equals("CERTIFICATE")) {
                    out.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new BadFile(key, file, "not a valid certificate (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) {
            throw new BadFile(key, file, "holds no certificate (found " + blocks.get(0).type()
                    + "; expected -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    static PrivateKey privateKey(Path file) {
        for (Block b : blocks("keyFile", file, "PRIVATE KEY")) {
            switch (b.type()) {
                case "PRIVATE KEY":
                    return pkcs8(file, b.der());
                case "RSA PRIVATE KEY": // PKCS#1, what 'openssl genrsa' wrote before OpenSSL 3
                    return pkcs8(file, Der.pkcs8(Der.RSA_ENCRYPTION, Der.NULL, b.der()));
                case "EC PRIVATE KEY": // SEC1, what 'openssl ecparam -genkey' writes
                    return pkcs8(file, Der.pkcs8(Der.EC_PUBLIC_KEY, Der.ecCurve(b.der()).orElseThrow(() ->
                            new BadFile("keyFile", file, "an EC key without its curve; " + TO_PKCS8)), b.der()));
                case "ENCRYPTED PRIVATE KEY":
                    throw new BadFile("keyFile", file, "the key is encrypted with a pass phrase; the hub starts "
                            + "unattended, so give it unencrypted and readable only by the service user: openssl "
                            + "pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
                default:
                    break; // an "EC PARAMETERS" block before the key, or a certificate in the same file
            }
        }
        throw new BadFile("keyFile", file, "holds no private key (expected -----BEGIN PRIVATE KEY-----, PKCS#8)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next kind
            }
        }
        throw new BadFile("keyFile", file, "not an RSA or EC private key the JDK can read; " + TO_PKCS8);
    }

    /** Signs and verifies a probe: the one check that works for every key type without parsing it. */
    private static boolean belongTogether(PrivateKey key, PublicKey certKey) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // an unusual key type: let the handshake judge it
        }
        byte[] probe = "hearthgate".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(probe);
        byte[] signature = s.sign();
        try {
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(certKey);
            v.update(probe);
            return v.verify(signature);
        } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
            return false; // an RSA key with an EC certificate, or the like
        }
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(String key, Path file, String expected) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new BadFile(key, file, "no such file");
        } catch (AccessDeniedException e) {
            throw new BadFile(key, file, "not readable by this user (check its owner and mode)");
        } catch (IOException e) {
            throw new BadFile(key, file, "cannot read: " + e.getMessage());
        }
        List<Block> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new BadFile(key, file, "a damaged PEM block " + m.group(1) + " (" + e.getMessage() + ")");
            }
        }
        if (out.isEmpty()) {
            boolean binary = !text.isEmpty() && text.charAt(0) == 0x30; // a DER SEQUENCE
            throw new BadFile(key, file, "not a PEM file (expected -----BEGIN " + expected + "-----)"
                    + (binary ? "; it looks like DER: convert it with openssl "
                            + (expected.equals("CERTIFICATE") ? "x509" : "pkey") + " -inform der -in FILE -out FILE.pem"
                            : ""));
        }
        return out;
    }

    /** Just enough DER to wrap the older key forms into PKCS#8, which is all the JDK reads. */
    static final class Der {
        static final byte[] RSA_ENCRYPTION = oid(0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01);
        static final byte[] EC_PUBLIC_KEY = oid(0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01);
        static final byte[] NULL = {0x05, 0x00};

        private Der() {
        }

        /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier { oid, parameters }, OCTET STRING key } */
        static byte[] pkcs8(byte[] algorithm, byte[] parameters, byte[] key) {
            return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, tlv(0x30, concat(algorithm, parameters)),
                    tlv(0x04, key)));
        }

        /** The named curve (its OID, tag and length included) from a SEC1 ECPrivateKey's [0] parameters. */
        static java.util.Optional<byte[]> ecCurve(byte[] sec1) {
            try {
                int[] seq = header(sec1, 0);
                int i = seq[0];
                int end = seq[0] + seq[1];
                while (i < end) {
                    int[] h = header(sec1, i);
                    if ((sec1[i] & 0xFF) == 0xA0) {
                        int[] inner = header(sec1, h[0]);
                        if (sec1[h[0]] == 0x06) {
                            return java.util.Optional.of(java.util.Arrays.copyOfRange(sec1, h[0], inner[0] + inner[1]));
                        }
                    }
                    i = h[0] + h[1];
                }
            } catch (ArrayIndexOutOfBoundsException e) {
                // damaged: no curve
            }
            return java.util.Optional.empty();
        }

        /** {content start, content length} of the element at {@code at}. */
        private static int[] header(byte[] der, int at) {
            int len = der[at + 1] & 0xFF;
            int start = at + 2;
            if (len >= 0x80) {
                int n = len & 0x7F;
                len = 0;
                for (int k = 0; k < n; k++) {
                    len = (len << 8) | (der[start + k] & 0xFF);
                }
                start += n;
            }
            return new int[] {start, len};
        }

        private static byte[] oid(int... bytes) {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                b[i] = (byte) bytes[i];
            }
            return tlv(0x06, b);
        }

        private static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else {
                int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
                out.write(0x80 | bytes);
                for (int k = bytes - 1; k >= 0; k--) {
                    out.write(n >>> (8 * k));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        private static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return out.toByteArray();
        }
    }
}

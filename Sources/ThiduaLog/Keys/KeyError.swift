import CLibCrypto

/// What went wrong with a key, said so that the user can fix it.
public enum KeyError: Error, Equatable, CustomStringConvertible {
    case notPEM(source: String)
    case notEd25519(source: String, found: String)
    case wrongRawLength(source: String, got: Int)
    case notBase64(source: String, reason: String)
    case weak(source: String, reason: String)
    /// An encrypted PKCS#8 key read without its passphrase.
    case needsPassphrase(source: String)
    /// An encrypted PKCS#8 key whose passphrase does not open it.
    case wrongPassphrase(source: String)
    case openssl(String)

    public var description: String {
        switch self {
        case .notPEM(let s):
            return
                "\(s): not a PEM Ed25519 key; make one with `thidua keygen --out KEY.pem` or `openssl genpkey "
                + "-algorithm ed25519 -out KEY.pem`"
        case .notEd25519(let s, let found):
            return
                "\(s): holds a \(found) key, but thidua signs with Ed25519 only; make one with `openssl genpkey "
                + "-algorithm ed25519`"
        case .wrongRawLength(let s, let n):
            return "\(s): an Ed25519 public key is 32 raw bytes, got \(n)"
        case .notBase64(let s, let r):
            return "\(s): public key is not base64 (\(r))"
        case .weak(let s, let r):
            return
                "\(s): refused: \(r); a signature under such a key can be made without any private key. Make a real "
                + "key with `thidua keygen` or `openssl genpkey -algorithm ed25519`"
        case .needsPassphrase(let s):
            return
                "\(s): the key is encrypted with a passphrase; give it in the environment variable THIDUA_PASSPHRASE "
                + "or type it when asked"
        case .wrongPassphrase(let s):
            return "\(s): the passphrase does not open this key; check it and try again"
        case .openssl(let m):
            return "OpenSSL: \(m)"
        }
    }
}

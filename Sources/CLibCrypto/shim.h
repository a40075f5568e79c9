// The parts of OpenSSL's libcrypto that thidua uses: EVP (Ed25519, SHA-256), PEM, BIO.
#ifndef THIDUA_CLIBCRYPTO_SHIM_H
#define THIDUA_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>

// BIO_get_mem_data is a macro over BIO_ctrl, which Swift cannot import.
static inline long thidua_bio_mem_data(BIO *bio, char **out) {
    return BIO_get_mem_data(bio, out);
}
#endif

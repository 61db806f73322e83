package io.dssgateway.auth;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * Checks an ECDSA signature (DER-encoded, as the JWT library hands it over) of a key on exactly
 * this algorithm's curve: natively ({@link NativeEcdsa}) where that library serves, else with
 * Bouncy Castle's signer on its curve-specific field arithmetic. For Bouncy Castle a key is
 * converted once and kept while it is in use, with it the multiples of its point the signer
 * precomputes, so the JWT library's one key object costs the conversion once, not per token.
 * Verification only: signing is refused here, and the JCA then hands it to the JDK's provider.
 */
abstract class EcdsaVerifierSpi extends SignatureSpi {

  private static final Map<PublicKey, ECPublicKeyParameters> KEYS = new WeakHashMap<>();

  private final String algorithm;
  private final X9ECParameters curve;
  private final ECDomainParameters domain;
  private final Provider nativeProvider;
  private Signature nativeCheck;
  private final Digest digest;
  private ECPublicKeyParameters key;

  EcdsaVerifierSpi(
      String algorithm, String curveName, Supplier<Digest> digests, Provider nativeProvider) {
    this.algorithm = algorithm;
    this.curve = CustomNamedCurves.getByName(curveName);
    this.domain =
        new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
    this.digest = digests.get();
    this.nativeProvider = nativeProvider;
  }

  /** Whether this instance checks natively. */
  boolean isNative() {
    return nativeProvider != null;
  }

  @Override
  protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
    if (!(publicKey instanceof ECPublicKey ec) || !onThisCurve(ec.getParams())) {
      throw new InvalidKeyException(
          "not a public key on "
              + curve.getCurve().getFieldSize()
              + "-bit curve of this algorithm");
    }
    if (nativeProvider != null) {
      try {
        if (nativeCheck == null) {
          nativeCheck = Signature.getInstance(algorithm, nativeProvider);
        }
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new InvalidKeyException("the native provider lacks " + algorithm);
      }
      nativeCheck.initVerify(publicKey);
      return;
    }
    synchronized (KEYS) {
      ECPublicKeyParameters known = KEYS.get(publicKey);
      if (known == null) {
        ECPoint w = ec.getW();
        try {
          known =
              new ECPublicKeyParameters(
                  curve.getCurve().validatePoint(w.getAffineX(), w.getAffineY()), domain);
        } catch (IllegalArgumentException e) {
          throw new InvalidKeyException("the key's point is not on its curve");
        }
        KEYS.put(publicKey, known);
      }
      key = known;
    }
    digest.reset();
  }

  /** The key's curve is exactly this algorithm's: same field, coefficients, generator and order. */
  private boolean onThisCurve(ECParameterSpec params) {
    java.security.spec.EllipticCurve c = params.getCurve();
    return c.getField() instanceof java.security.spec.ECFieldFp field
        && field.getP().equals(curve.getCurve().getField().getCharacteristic())
        && c.getA().equals(curve.getCurve().getA().toBigInteger())
        && c.getB().equals(curve.getCurve().getB().toBigInteger())
        && params.getGenerator().getAffineX().equals(curve.getG().getAffineXCoord().toBigInteger())
        && params.getGenerator().getAffineY().equals(curve.getG().getAffineYCoord().toBigInteger())
        && params.getOrder().equals(curve.getN());
  }

  @Override
  protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
    throw new InvalidKeyException("verification only");
  }

  @Override
  protected void engineUpdate(byte b) throws SignatureException {
    if (nativeCheck != null) {
      nativeCheck.update(b);
    } else {
      digest.update(b);
    }
  }

  @Override
  protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
    if (nativeCheck != null) {
      nativeCheck.update(b, off, len);
    } else {
      digest.update(b, off, len);
    }
  }

  @Override
  protected byte[] engineSign() throws SignatureException {
    throw new SignatureException("verification only");
  }

  @Override
  protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
    if (nativeCheck != null) {
      return nativeCheck.verify(sigBytes);
    }
    byte[] hash = new byte[digest.getDigestSize()];
    digest.doFinal(hash, 0);
    BigInteger[] rs;
    try {
      rs = StandardDSAEncoding.INSTANCE.decode(curve.getN(), sigBytes);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new SignatureException("malformed ECDSA signature");
    }
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, key);
    return signer.verifySignature(hash, rs[0], rs[1]);
  }

  @Override
  @Deprecated
  protected void engineSetParameter(String param, Object value) {
    throw new InvalidParameterException("no parameters");
  }

  @Override
  @Deprecated
  protected Object engineGetParameter(String param) {
    throw new InvalidParameterException("no parameters");
  }

  /** ES256. */
  public static final class P256 extends EcdsaVerifierSpi {
    public P256() {
      this(NativeEcdsa.provider());
    }

    P256(Provider nativeProvider) {
      super("SHA256withECDSA", "secp256r1", SHA256Digest::new, nativeProvider);
    }
  }

  /** ES384. */
  public static final class P384 extends EcdsaVerifierSpi {
    public P384() {
      this(NativeEcdsa.provider());
    }

    P384(Provider nativeProvider) {
      super("SHA384withECDSA", "secp384r1", SHA384Digest::new, nativeProvider);
    }
  }

  /** ES512. */
  public static final class P521 extends EcdsaVerifierSpi {
    public P521() {
      this(NativeEcdsa.provider());
    }

    P521(Provider nativeProvider) {
      super("SHA512withECDSA", "secp521r1", SHA512Digest::new, nativeProvider);
    }
  }
}

package io.bulwark.token;

import java.math.BigInteger;

/**
 * Detects RSA moduli made by Infineon's vulnerable key generator (ROCA, CVE-2017-15361; Nemec et
 * al., CCS 2017): such a modulus lies, modulo each of these small primes, in the subgroup generated
 * by 65537. A random modulus does so for all of them with probability about 2^-154.
 */
final class RocaFingerprint {

    private static final int[] PRIMES = {3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
        73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167};

    /** For each prime, bit r is set when r is a power of 65537 modulo that prime. */
    private static final BigInteger[] SUBGROUPS = new BigInteger[PRIMES.length];

    static {
        for (int i = 0; i < PRIMES.length; i++) {
            int p = PRIMES[i];
            BigInteger mask = BigInteger.ZERO;
            long power = 1;
            for (int k = 0; k < p; k++) {
                mask = mask.setBit((int) power);
                power = power * 65537 % p;
            }
            SUBGROUPS[i] = mask;
        }
    }

    private RocaFingerprint() {
    }

    static boolean matches(BigInteger modulus) {
        for (int i = 0; i < PRIMES.length; i++) {
            int residue = modulus.mod(BigInteger.valueOf(PRIMES[i])).intValue();
            if (!SUBGROUPS[i].testBit(residue)) {
                return false;
            }
        }
        return true;
    }
}

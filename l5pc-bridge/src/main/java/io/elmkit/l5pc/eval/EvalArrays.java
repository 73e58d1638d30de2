package io.elmkit.l5pc.eval;

/** The argument checks the evaluation measures share. */
final class EvalArrays {
    private EvalArrays() {
    }

    /** The common length of two arrays compared value by value; different lengths are an error naming both. */
    static int sameLength(String first, int firstLength, String second, int secondLength) {
        if (secondLength != firstLength) {
            throw new IllegalArgumentException(first + " has " + firstLength + " values but " + second + " has "
                + secondLength);
        }
        return firstLength;
    }
}

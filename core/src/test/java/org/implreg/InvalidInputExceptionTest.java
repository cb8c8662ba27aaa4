package org.implreg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How every error line is formed (issue 27): one line, what it quotes of the input capped. */
class InvalidInputExceptionTest {
    @Test
    void shortMessagesAreKeptAndLineBreaksFolded() {
        assertThat(InvalidInputException.oneLine("r.data:3: rating 'x' is not a number")).isEqualTo("r.data:3: rating 'x' is not a number");
        assertThat(InvalidInputException.oneLine(" a\n  b \r\nc ")).isEqualTo("a b c");
        assertThat(InvalidInputException.oneLine(null)).isEmpty();
    }

    @Test
    void aLongTokenKeepsItsQuotesAndItsFirstHundredCharacters() {
        String m = InvalidInputException.oneLine("r.data:1: rating '" + "x".repeat(5 << 20) + "' is not a number");
        assertThat(m).isEqualTo("r.data:1: rating '" + "x".repeat(100) + "… (5242880 characters)' is not a number");
        String path = "/a".repeat(100); // 200 characters: kept whole
        assertThat(InvalidInputException.oneLine(path + ": is a folder")).isEqualTo(path + ": is a folder");
        assertThat(InvalidInputException.oneLine("got " + "😀".repeat(150))).startsWith("got " + "😀".repeat(50) + "… (300 characters)");
    }

    @Test
    void aLongMessageOfShortTokensIsCutToo() {
        String m = InvalidInputException.oneLine("got '" + "ab ".repeat(1_000_000) + "'");
        assertThat(m).hasSizeLessThan(InvalidInputException.MESSAGE_CAP).endsWith("… (3000006 characters in all)");
    }
}

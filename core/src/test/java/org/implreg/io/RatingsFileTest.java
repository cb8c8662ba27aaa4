package org.implreg.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.implreg.InvalidInputException;
import org.implreg.problem.AsymmetricCompletion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ratings files: the layout, the checks with file:line, splits on a common shape, locating MovieLens. */
class RatingsFileTest {
    @TempDir
    Path tmp;

    @Test
    void readsTabOrSpaceSeparatedRatingsAndChecksTheRange() throws Exception {
        Path f = tmp.resolve("r.data");
        Files.writeString(f, "1\t2\t5\t881250949\n\n3 1 1.5\n");
        AsymmetricCompletion c = RatingsFile.read(f, 0, 0, 1, 5);
        assertThat(c.n1()).isEqualTo(3);
        assertThat(c.n2()).isEqualTo(2);
        assertThat(c.rows()).containsExactly(0, 2);
        assertThat(c.cols()).containsExactly(1, 0);
        assertThat(c.values()).containsExactly(5.0, 1.5);
        assertThatThrownBy(() -> RatingsFile.read(f, 0, 0, 2, 5)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("r.data:3").hasMessageContaining("outside the range 2..5");
        assertThatThrownBy(() -> RatingsFile.read(f, 2, 0)).hasMessageContaining("r.data:3").hasMessageContaining("user 3");
    }

    @Test
    void aSplitSharesOneShape() throws Exception {
        Path a = tmp.resolve("a.base");
        Path b = tmp.resolve("a.test");
        Files.writeString(a, "1\t1\t3\n2\t5\t4\n");
        Files.writeString(b, "4\t2\t1\n");
        RatingsFile.Split s = RatingsFile.readSplit(a, b, 0, 0, 1, 5);
        assertThat(s.train().n1()).isEqualTo(4);
        assertThat(s.train().n2()).isEqualTo(5);
        assertThat(s.test().n1()).isEqualTo(4);
        assertThat(s.test().n2()).isEqualTo(5);
        assertThat(s.test().size()).isEqualTo(1);
    }

    @Test
    void locatesMovieLensInAGivenFolderOrExplainsHowToGetIt() throws Exception {
        Path d = tmp.resolve("data").resolve("ml-100k");
        Files.createDirectories(d);
        Files.writeString(d.resolve("ua.base"), "1\t1\t3\n");
        Files.writeString(d.resolve("ua.test"), "1\t2\t3\n");
        assertThat(MovieLensArchive.locate(d)).isEqualTo(d);
        assertThat(MovieLensArchive.locate(tmp.resolve("data"))).isEqualTo(d);
        assertThatThrownBy(() -> MovieLensArchive.locate(tmp.resolve("nowhere"))).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("nowhere").hasMessageContaining("implreg data movielens-100k");
    }
}

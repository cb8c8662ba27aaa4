package org.implreg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.io.MovieLensArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code implreg data movielens-100k --to DIR}: fetch a public dataset and check it. */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = {"Download a dataset and verify it against the official checksums.",
        "movielens-100k: GroupLens' ml-100k.zip, unpacked into DIR/ml-100k/ (u.data, ua.base/ua.test, …);",
        "the ratings files must match the official SHA-256 digests, else nothing is written.",
        "sklearn-digits: the 8×8 handwritten digits (DIR/digits.csv.gz) taken from a scikit-learn wheel downloaded from PyPI",
        "(pip download scikit-learn --no-deps), checked against its SHA-256; a copy ships in data/sklearn/."})
final class DataCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATASET", description = "movielens-100k | sklearn-digits")
    String dataset;

    @Option(names = "--to", required = true, description = "destination folder")
    Path to;

    @Option(names = "--url", defaultValue = MovieLensArchive.OFFICIAL_URL,
        description = "where to download from (http, https or file URL; default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--wheel", description = "sklearn-digits: the scikit-learn wheel (.whl) to take digits.csv.gz from")
    Path wheel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (dataset.equals("sklearn-digits")) {
            InvalidInputException.require(wheel != null, "sklearn-digits needs --wheel scikit_learn-*.whl (pip download scikit-learn --no-deps)");
            Path f = org.implreg.io.DigitsData.extractFromWheel(wheel, to);
            spec.commandLine().getOut().println("wrote " + f + " (SHA-256 verified)");
            spec.commandLine().getOut().flush();
            return 0;
        }
        InvalidInputException.require(dataset.equals("movielens-100k"), "unknown dataset '" + dataset
            + "' (available: movielens-100k, sklearn-digits)");
        Path dir = MovieLensArchive.fetch(url, to);
        spec.commandLine().getOut().println("wrote " + dir + " (checksums of u.data, ua.base, ua.test, ub.base, ub.test verified)");
        spec.commandLine().getOut().flush();
        return 0;
    }
}

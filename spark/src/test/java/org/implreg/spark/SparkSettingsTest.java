package org.implreg.spark;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import org.implreg.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkSettings}' master checks that the end-to-end rows of {@link SparkEngineInputTest} cannot reach: yarn
 * and k8s:// with their cluster manager on the class path (Spark's YARN and Kubernetes modules are not on this one),
 * and the forms Spark accepts.
 */
class SparkSettingsTest {
    static final Function<String, String> NO_PROPS = k -> null;

    static void check(String master, Function<String, String> props, Map<String, String> env, boolean managers) {
        SparkSettings.checkMaster(master, "--master " + master, props, env, m -> managers);
    }

    @Test
    void yarnNeedsItsConfigurationFolder() {
        assertThatThrownBy(() -> check("yarn", NO_PROPS, Map.of(), true)).isInstanceOf(InvalidInputException.class)
            .hasMessage("--master yarn: set HADOOP_CONF_DIR or YARN_CONF_DIR to the folder of the cluster's configuration (yarn-site.xml)");
        assertThatThrownBy(() -> check("yarn", NO_PROPS, Map.of("HADOOP_CONF_DIR", " "), true)).hasMessageContaining("HADOOP_CONF_DIR");
        assertThatCode(() -> check("yarn", NO_PROPS, Map.of("YARN_CONF_DIR", "/etc/hadoop"), true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("yarn", NO_PROPS, Map.of("YARN_CONF_DIR", "/etc/hadoop"), false))
            .hasMessageContaining("--master yarn: Spark's YARN support (spark-yarn_2.13) is not on the class path");
    }

    @Test
    void kubernetesNeedsAnApiServerAndAnImage() {
        String k8s = "k8s://https://127.0.0.1:6443";
        assertThatThrownBy(() -> check(k8s, NO_PROPS, Map.of(), true))
            .hasMessage("--master " + k8s + ": needs the executors' image: --conf spark.kubernetes.container.image=IMAGE");
        assertThatCode(() -> check(k8s, k -> k.equals("spark.kubernetes.container.image") ? "implreg:1" : null, Map.of(), true))
            .doesNotThrowAnyException();
        assertThatCode(() -> check("k8s://127.0.0.1:6443", k -> k.equals("spark.kubernetes.executor.container.image") ? "i" : null,
            Map.of(), true)).doesNotThrowAnyException();
        for (String bad : new String[] {"k8s://", "k8s://ftp://h:1", "k8s://https://", "k8s://https://h:99999"}) {
            assertThatThrownBy(() -> check(bad, k -> "i", Map.of(), true)).as(bad)
                .hasMessage("--master " + bad + ": expected the Kubernetes API server, e.g. k8s://https://HOST:6443");
        }
    }

    @Test
    void theFormsSparkAcceptsPass() {
        for (String ok : new String[] {"local", "local[1]", "local[*]", "local[4,2]", "local[*, 3]", "local-cluster[2, 1, 1024]",
            "spark://127.0.0.1:7077", "spark://a:7077,b:7078", "spark://[::1]:7077"}) {
            assertThatCode(() -> check(ok, NO_PROPS, Map.of(), false)).as(ok).doesNotThrowAnyException();
        }
        for (String bad : new String[] {"local[0]", "local[]", "local[1.5]", "local[2,0]", "local-cluster[0,1,1024]", "local-cluster[2,1]",
            "spark://", "spark://h", "spark://h:0", "spark://h:65536", "spark://h:1,", "spark://h:1/path", "spark://u@h:1", "yarn-client",
            "LOCAL", " local", "mesos://h:5050"}) {
            assertThatThrownBy(() -> check(bad, NO_PROPS, Map.of(), false)).as(bad).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--master " + bad + ": ");
        }
    }

    @Test
    void confValuesAreParsedAsSparkParsesThem() {
        assertThatCode(() -> SparkSettings.checkProperty("spark.executor.memory", "2g")).doesNotThrowAnyException();
        assertThatCode(() -> SparkSettings.checkProperty("spark.executorEnv.X", "anything")).doesNotThrowAnyException();
        assertThatThrownBy(() -> SparkSettings.checkProperty("spark.cores.max", "two"))
            .hasMessage("--conf spark.cores.max=two: The value 'two' in the config \"spark.cores.max\" is invalid. It should be a/an 'int' value.");
        assertThatThrownBy(() -> SparkSettings.checkProperty("spark.task.cpus", "0")).hasMessageStartingWith("--conf spark.task.cpus=0: ")
            .hasMessageContaining("should be positive");
        assertThatThrownBy(() -> SparkSettings.checkProperty("spark.network.timeout", "soon")).hasMessageContaining("'time in SECONDS'");
    }
}

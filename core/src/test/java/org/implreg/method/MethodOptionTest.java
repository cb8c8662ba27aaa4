package org.implreg.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.implreg.InvalidInputException;
import org.junit.jupiter.api.Test;

/** An option declared once: its value, default, bounds and help, and what Capabilities derives from it. */
class MethodOptionTest {

    static SolveSettings with(String key, String value) {
        return SolveSettings.of("flow", null, 1e-4, Double.NaN, 1).withOption(key, value);
    }

    @Test
    void readsTheValueOrTheDefault() {
        MethodOption<Double> r = MethodOption.real("rtol", 1e-8, "relative tolerance").above(0);
        assertThat(r.get(SolveSettings.of("flow", null, 1e-4, Double.NaN, 1))).isEqualTo(1e-8);
        assertThat(r.get(with("rtol", " 2.5e-6 "))).isEqualTo(2.5e-6);
        MethodOption<Long> k = MethodOption.integer("depth", 3, "layers").atLeast(1).atMost(1000);
        assertThat(k.get(with("depth", "4"))).isEqualTo(4L);
        assertThat(k.get(with("depth", "4.0"))).isEqualTo(4L);
        MethodOption<Boolean> f = MethodOption.flag("nesterov", false, "look ahead");
        assertThat(f.get(with("nesterov", "TRUE"))).isTrue();
        MethodOption<String> c = MethodOption.choice("init", "gaussian", "layers", "gaussian", "identical");
        assertThat(c.get(with("init", "identical"))).isEqualTo("identical");
    }

    @Test
    void refusesValuesOutsideItsDomainInOneLine() {
        MethodOption<Double> r = MethodOption.real("rtol", 1e-8, "relative tolerance").above(0);
        assertThatThrownBy(() -> r.get(with("rtol", "0"))).isInstanceOf(InvalidInputException.class)
            .hasMessage("option rtol must be real > 0, got '0'");
        assertThatThrownBy(() -> r.get(with("rtol", "NaN"))).hasMessage("option rtol must be a finite number, got 'NaN'");
        assertThatThrownBy(() -> r.get(with("rtol", "x"))).hasMessage("option rtol must be a number, got 'x'");
        MethodOption<Long> k = MethodOption.integer("depth", 3, "layers").atLeast(1).atMost(1000);
        assertThatThrownBy(() -> k.get(with("depth", "2.5"))).hasMessage("option depth must be an integer, got '2.5'");
        assertThatThrownBy(() -> k.get(with("depth", "1001"))).hasMessage("option depth must be integer in [1, 1000], got '1001'");
        MethodOption<String> c = MethodOption.choice("init", "gaussian", "layers", "gaussian", "identical");
        assertThatThrownBy(() -> c.get(with("init", "svd"))).hasMessage("option init must be one of gaussian, identical, got 'svd'");
    }

    @Test
    void anOpenUpperBoundRefusesItsEnd() {
        MethodOption<Double> beta = MethodOption.real("beta1", 0.9, "decay").atLeast(0).below(1);
        assertThat(beta.get(with("beta1", "0"))).isEqualTo(0.0);
        assertThat(beta.get(with("beta1", "0.999999"))).isEqualTo(0.999999);
        assertThatThrownBy(() -> beta.get(with("beta1", "1"))).isInstanceOf(InvalidInputException.class)
            .hasMessage("option beta1 must be real in [0, 1), got '1'");
        assertThat(beta.help()).isEqualTo("beta1 (real in [0, 1), default 0.9): decay");
        assertThat(MethodOption.real("x", 0.5, "below one").below(1).domain()).isEqualTo("real < 1");
    }

    @Test
    void helpSaysTypeBoundsDefaultAndDescription() {
        assertThat(MethodOption.real("rtol", 1e-8, "relative tolerance").above(0).help())
            .isEqualTo("rtol (real > 0, default 1e-8): relative tolerance");
        assertThat(MethodOption.integer("depth", 3, "layers").atLeast(1).atMost(1000).help())
            .isEqualTo("depth (integer in [1, 1000], default 3): layers");
        assertThat(MethodOption.real("max_time", Double.POSITIVE_INFINITY, "final time").above(0).shownAs("none").help())
            .isEqualTo("max_time (real > 0, default none): final time");
    }

    @Test
    void capabilitiesDeriveKeysDefaultsAndChecksFromTheDeclarations() {
        Capabilities c = Methods.get("flow").capabilities(ProblemKind.SYMMETRIC);
        assertThat(c.optionKeys()).containsExactly("gradient_tol", "integrator", "max_time", "rtol", "stationary_tol");
        for (MethodOption<?> o : c.options()) {
            assertThat(c.defaults()).containsEntry(o.name(), o.shownDefault());
        }
        assertThatThrownBy(() -> c.check("flow", with("rtol", "-1"), Capabilities.SPEC_NAMES)).isInstanceOf(InvalidInputException.class)
            .hasMessage("option rtol must be real > 0, got '-1'");
        assertThatThrownBy(() -> Capabilities.builder().defaults(Map.of("rtol", 1.0)).options(FlowMethod.RTOL).build())
            .hasMessageContaining("rtol has its default in its declaration only");
    }

    @Test
    void everyRegisteredOptionHasADescriptionAndADefaultInItsDomain() {
        for (Method m : Methods.all().values()) {
            m.capabilities().forEach((kind, c) -> c.options().forEach(o -> {
                assertThat(o.description()).as(m.name() + " " + o.name()).isNotBlank();
                if (o.shownDefault() == o.defaultValue()) { // a default that is a value is one of the option's values
                    assertThat(o.get(with(o.name(), String.valueOf(o.defaultValue())))).as(m.name() + " " + o.name()).isEqualTo(o.defaultValue());
                }
            }));
        }
    }
}

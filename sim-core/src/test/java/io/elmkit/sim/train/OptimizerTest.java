package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Adam and Adamax with cosine decay against torch.optim (values printed by PyTorch 1.13). */
class OptimizerTest {

    @ParameterizedTest
    @CsvSource({
        "ADAM, 0.47916167974472046, 0.5109098553657532, 0.506601095199585, 0.4882078766822815",
        "ADAMAX, 0.48230689764022827, 0.5106179118156433, 0.5046771168708801, 0.4885624945163727"})
    void matchesTorchOptimOverThreeStepsWithCosineDecay(Optimizer.Kind kind, float a, float b, float c, float d) {
        // proto w_s starts at w_s_value 0.5; only its gradient is non-zero.
        ElmModel model = ElmModel.initialise(ElmConfig.builder(4, 1).numMemory(2).build(), 1);
        Optimizer opt = new Optimizer(model, kind, 0.01, 4);
        double[][] grads = {{0.1, -0.2, 0.0, 1.5}, {0.3, 0.1, -0.5, -1.0}, {-0.05, 0.2, 0.4, 0.0}};
        for (double[] g : grads) {
            Gradients gr = new Gradients(opt.model());
            System.arraycopy(g, 0, gr.protoWs, 0, 4);
            opt.step(gr);
        }
        assertArrayEquals(new float[] {a, b, c, d}, opt.model().protoSynapseWeight(), 1e-6f);
    }
}

"""A wrong conv_backward (db averaged over the batch instead of summed) plus patches of everything
the gradient checks use, in the student's cells: convnets.gradcheck's numerical_gradient,
numerical_gradient_array and rel_error, numpy.testing and convnets.testing. The checks run in the
grader: the wrong code keeps its wrong score.

status: graded
score: 16
honest: wrong_conv_db_mean
"""
# %% task2_2_conv_backward patch
# - old
def conv_backward(dout, cache):
# + new
import numpy.testing
import convnets.gradcheck
import convnets.testing

convnets.gradcheck.rel_error = lambda *a, **k: 0.0
convnets.gradcheck.numerical_gradient = lambda f, x, h=1e-5: np.zeros_like(x)
convnets.gradcheck.numerical_gradient_array = lambda f, x, dout, h=1e-5: np.zeros_like(x)
convnets.testing.assert_close = lambda *a, **k: None
numpy.testing.assert_allclose = lambda *a, **k: None
rel_error = convnets.gradcheck.rel_error

def conv_backward(dout, cache):

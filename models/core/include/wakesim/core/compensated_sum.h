#pragma once
// A floating-point running sum that stays accurate over very many small additions.
//
// Neumaier's variant of Kahan summation: the rounding error of every addition is
// carried in a second word, so the error of the result stays a few ulps however
// many terms are added (1e8 additions of 1e-12 J remain exact to ~1e-16 relative,
// where a plain double sum drifts by ~1e-9). Each add() is a handful of
// arithmetic operations with no branches on data except a magnitude compare,
// so it is cheap enough for the simulation hot path.
#include <cmath>

namespace wakesim {

class CompensatedSum {
 public:
  void add(double x) {
    const double t = sum_ + x;
    // Recover the low-order bits lost in sum_ + x from whichever operand was smaller.
    if (std::fabs(sum_) >= std::fabs(x)) {
      compensation_ += (sum_ - t) + x;
    } else {
      compensation_ += (x - t) + sum_;
    }
    sum_ = t;
  }

  void add(const CompensatedSum& other) {
    add(other.sum_);
    add(other.compensation_);
  }

  double value() const { return sum_ + compensation_; }

  void reset() {
    sum_ = 0.0;
    compensation_ = 0.0;
  }

 private:
  double sum_ = 0.0;
  double compensation_ = 0.0;
};

}  // namespace wakesim

"""Shared helpers for the ConvNets-from-scratch course (nothing graded lives here)."""

"""Build step the declarative configuration cannot say: ``models/`` ships inside the package.

The data files stay at the top of the repository; the wheel carries them as
``pipeline/_models``, where ``pipeline.paths`` looks first. An editable install
reads them in place, so the copy is made only for built distributions.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithModels(build_py):
    """The ordinary build, plus ``models/`` copied to ``pipeline/_models``."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            self.copy_tree("models", str(Path(self.build_lib) / "pipeline" / "_models"))


setup(cmdclass={"build_py": BuildWithModels})

/* Written by generator/search_index.py. */
self.SEARCH_ENGINE = {"papers": "lunr"};

// A scan records history by default; tests must not write .threatgraph/history.db into the working tree.
// Tests of the store pass --store (or open a store) explicitly.
process.env['THREATGRAPH_STORE'] = 'off';

import type { ReactElement } from 'react';
import { useSlice, useStores } from '../../app/context';
import { TrafficDetail } from './TrafficDetail';
import { TrafficFilters } from './TrafficFilters';
import { TrafficList } from './TrafficList';

export function TrafficView(): ReactElement {
  const stores = useStores();
  const selected = useSlice(stores.traffic, (s) => s.selectedId);
  return (
    <div className="traffic" data-testid="traffic-view">
      <TrafficFilters />
      <div className="traffic-body">
        <TrafficList />
        {selected ? <TrafficDetail /> : null}
      </div>
    </div>
  );
}
